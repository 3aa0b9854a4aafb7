/** Assigning a certificate to usages: the checks before it, the swap, and the credentials the listeners present. */
package io.certwiz.assignment;
