package io.certwiz.testing;

import io.certwiz.store.Store;

/** A store that is not there (every read and write fails), as for verify without a data directory. */
public final class AbsentStore implements Store {
    @Override
    public <T> T read(Work<T> work) {
        throw new IllegalStateException("no store");
    }

    @Override
    public <T> T write(Work<T> work) {
        throw new IllegalStateException("no store");
    }

    @Override
    public <T> T writeUnsynced(Work<T> work) {
        return write(work);
    }

    @Override
    public void close() {}
}
