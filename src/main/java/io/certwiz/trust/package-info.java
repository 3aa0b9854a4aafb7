/** Trust stores, chain building and diagnosis, RFC 5280 path validation, name constraints and policies. */
package io.certwiz.trust;
