/** The generic store: transactions (read, write, unsynced write), SQLite and PostgreSQL, migrations. It knows no domain: each domain's storage interface has its SQL adapter in {@code io.certwiz.store.jdbc}. */
package io.certwiz.store;
