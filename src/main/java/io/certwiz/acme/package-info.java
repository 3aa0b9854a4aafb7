/** ACME (RFC 8555): the client of outside ACME CAs and the embedded CA's own ACME server. */
package io.certwiz.acme;
