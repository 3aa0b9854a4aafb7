/** {@code certwiz check}: the store's integrity, read in one transaction. */
package io.certwiz.check;
