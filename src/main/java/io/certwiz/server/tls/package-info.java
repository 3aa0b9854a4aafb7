/** The TLS listeners of the usages: key managers with hot swap, mutual TLS client trust, tls-alpn-01 answers, temporary certificates. */
package io.certwiz.server.tls;
