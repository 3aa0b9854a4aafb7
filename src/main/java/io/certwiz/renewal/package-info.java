/** Renewal: when a certificate is due (ARI window, share of its lifetime, jitter), backoff after failures, urgency, and the storage of renewal state, leases and lineage. */
package io.certwiz.renewal;
