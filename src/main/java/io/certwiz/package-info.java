/** The composition root ({@link io.certwiz.Certwiz}: the store, the key vault, the storage adapters and the services over them), initialisation of a data directory, and the error types every layer shares. */
package io.certwiz;
