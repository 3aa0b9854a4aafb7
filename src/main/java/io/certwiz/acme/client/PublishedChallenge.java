package io.certwiz.acme.client;

/** A challenge answer published in the store for the running server: whom it is for, and the answer. */
public record PublishedChallenge(String identifier, String keyAuthorization) {}
