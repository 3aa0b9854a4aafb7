/** The embedded CA's ACME server, one class per resource (directory and nonces, signed requests, accounts and EAB, orders, authorizations and validation, revocation, renewal information), issuing through {@link io.certwiz.acme.server.AcmeIssuer}; storage in {@link io.certwiz.acme.server.AcmeServerRecords}. */
package io.certwiz.acme.server;
