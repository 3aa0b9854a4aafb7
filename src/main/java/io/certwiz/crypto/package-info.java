/** Private keys at rest: sealing under the master key, matching keys to certificates, the providers. */
package io.certwiz.crypto;
