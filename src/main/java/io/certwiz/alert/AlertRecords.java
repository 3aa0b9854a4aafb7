package io.certwiz.alert;

import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of the alert channels and of each alert's state. */
public interface AlertRecords {
    List<AlertChannel> channels(Transaction tx);

    Optional<AlertChannel> channel(Transaction tx, String name);

    /** Adds a channel; false when one has the name already. */
    boolean addChannel(Transaction tx, AlertChannel channel);

    void deleteChannel(Transaction tx, String name);

    /** Every alert state, open and resolved, by key. */
    List<AlertState> states(Transaction tx);

    /** Adds or replaces a state, its sending included (a new alert, or one that opens again). */
    void put(Transaction tx, AlertState state);

    /** Records that an open alert's condition still holds, leaving when it was sent alone. */
    void seen(Transaction tx, String key, Severity severity, String message, Instant at);

    void resolve(Transaction tx, String key, Instant at);

    /**
     * Marks an alert sent at {@code at} (once more) unless another server did since {@code lastSent} was read: true
     * when this caller won and should send (the servers of a pool send each notification once).
     */
    boolean claimSend(Transaction tx, String key, Instant lastSent, Instant at);

    /** Forgets resolved alerts that resolved before {@code before}. */
    void deleteResolvedBefore(Transaction tx, Instant before);
}
