/** Revocation checking: CRLs (RFC 5280 6.3) and OCSP (RFC 6960) for verify, assignment and mutual TLS. */
package io.certwiz.revocation;
