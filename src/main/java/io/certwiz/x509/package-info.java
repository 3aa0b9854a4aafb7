/** X.509 reading and naming: PEM/DER/PKCS#7/PKCS#12, thumbprints, SANs, EKUs, certificate details. */
package io.certwiz.x509;
