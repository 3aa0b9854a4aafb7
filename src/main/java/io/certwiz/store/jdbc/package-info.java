/** The SQL adapters of the domains' storage interfaces, stateless, each working inside a {@link io.certwiz.store.SqlTransaction}; only the composition root builds them. */
package io.certwiz.store.jdbc;
