package io.certwiz.store;

/**
 * One open transaction on the store, opaque: each domain reaches its rows through its own storage
 * interface ({@code certificate.CertificateRecords}, {@code audit.AuditLog}, ...), whose adapters live in
 * {@code io.certwiz.store.jdbc} and run inside it.
 */
public interface Transaction {}
