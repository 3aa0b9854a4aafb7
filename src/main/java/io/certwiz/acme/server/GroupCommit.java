package io.certwiz.acme.server;

import io.certwiz.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for the ACME server's writes: concurrent requests' changes that arrive while a commit is
 * under way are committed together in the next transaction, so that one fsync serves many. Each change
 * still commits or not at all: when any change of a batch fails, the batch is rolled back and each of its
 * changes runs again in a transaction of its own, so that only the failing one fails. A change may
 * therefore run more than once; every change here only reads and writes the store (and signs, which is
 * harmless to repeat). Changes must not write through the store themselves.
 */
final class GroupCommit {
    static final int MAX_BATCH = 64;

    private record Pending<T>(Store.Work<T> work, boolean sync, CompletableFuture<T> result) {
        void complete(Object value) {
            @SuppressWarnings("unchecked")
            T typed = (T) value;
            result.complete(typed);
        }
    }

    private final Store store;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    /** One committer thread, gone after a few idle seconds. */
    private final ThreadPoolExecutor committer =
            new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "certwiz-acme-commit");
                thread.setDaemon(true);
                return thread;
            });

    GroupCommit(Store store) {
        this.store = store;
        committer.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} in a write transaction, possibly shared with other requests' work. */
    <T> T write(Store.Work<T> work) {
        return submit(work, true);
    }

    /**
     * The same for a change the client can make again ({@link Store#writeUnsynced}): its commit waits
     * for the disk only when it shares its batch with a durable change.
     */
    <T> T writeUnsynced(Store.Work<T> work) {
        return submit(work, false);
    }

    private <T> T submit(Store.Work<T> work, boolean sync) {
        Pending<T> pending = new Pending<>(work, sync, new CompletableFuture<>());
        queue.add(pending);
        committer.execute(this::drain);
        try {
            return pending.result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AcmeProblem.serverInternal("interrupted while committing");
        }
    }

    private void drain() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            Store.Work<Object[]> all = tx -> {
                Object[] out = new Object[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    out[i] = batch.get(i).work().run(tx);
                }
                return out;
            };
            try {
                Object[] results = batch.stream().anyMatch(Pending::sync) ? store.write(all) : store.writeUnsynced(all);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results[i]);
                }
                return;
            } catch (RuntimeException | Error e) {
                // Some change was refused or failed: each runs alone below, so that only that one fails.
            }
        }
        for (Pending<?> pending : batch) {
            try {
                pending.complete(pending.sync() ? store.write(pending.work()) : store.writeUnsynced(pending.work()));
            } catch (RuntimeException | Error e) {
                pending.result().completeExceptionally(e);
            }
        }
    }
}
