package io.certwiz.cli;

import io.certwiz.CertwizException;
import io.certwiz.store.Store;

/** Stands in for the store when verify runs on files alone and no data directory exists. */
final class NoStore implements Store {
    @Override
    public <T> T read(Work<T> work) {
        throw CertwizException.notFound("no certwiz store here; this needs certwiz init first");
    }

    @Override
    public <T> T write(Work<T> work) {
        throw CertwizException.notFound("no certwiz store here; this needs certwiz init first");
    }

    @Override
    public <T> T writeUnsynced(Work<T> work) {
        return write(work);
    }

    @Override
    public void close() {}
}
