/**
 * Where private keys live: sealed in the store (software) or on a PKCS#11 token, made and opened by one
 * {@link io.certwiz.keystore.KeyService}; the tokens are configured in the data directory's tokens.json.
 */
package io.certwiz.keystore;
