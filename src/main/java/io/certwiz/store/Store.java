package io.certwiz.store;

/**
 * The server's persistent state. All access goes through a transaction: {@link #read} for queries,
 * {@link #write} for changes, which commit together or not at all. A write may run its work more than
 * once (PostgreSQL retries it after a serialization failure or a deadlock), so work must do nothing
 * outside the transaction that cannot be repeated. A read cannot change anything.
 */
public interface Store extends AutoCloseable {
    <T> T read(Work<T> work);

    <T> T write(Work<T> work);

    /**
     * Like {@link #write}, committed and visible at once, but the commit does not wait for the disk: a
     * crash of the machine may lose it (whole, never half) unless a later {@link #write} committed
     * after it. Only for changes a client can simply make again, never for what it was told is done
     * for good (an issued certificate, an account, a revocation).
     */
    <T> T writeUnsynced(Work<T> work);

    @Override
    void close();

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx);
    }
}
