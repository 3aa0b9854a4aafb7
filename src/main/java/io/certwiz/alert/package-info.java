/**
 * Alerts: what needs an administrator (expiry, renewal failures, certificates that cannot renew
 * themselves, usages without a certificate, listeners serving another certificate), each fired once,
 * repeated at a bounded rate and resolved, over webhooks and email.
 */
package io.certwiz.alert;
