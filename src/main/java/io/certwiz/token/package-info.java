/** OAuthTokenIssuer: signed server-to-server tokens (JWT), their verification, and the published keys (JWKS). */
package io.certwiz.token;
