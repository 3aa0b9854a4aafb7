/** Outside ACME CAs as certwiz's CAs: accounts, orders, challenge answers (published for the running server or a short-lived responder), renewal information (RFC 9773); storage in {@link io.certwiz.acme.client.AcmeClientRecords}. */
package io.certwiz.acme.client;
