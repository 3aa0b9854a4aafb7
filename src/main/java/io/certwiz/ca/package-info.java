/** The embedded CA (root and issuing intermediate, CRL), the CA interface requests submit to, and the issuance ledger. */
package io.certwiz.ca;
