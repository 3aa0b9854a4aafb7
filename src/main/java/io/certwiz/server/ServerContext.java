package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.usage.Usage;
import java.util.function.ToIntFunction;

/** The running server as the internal site sees it. */
record ServerContext(Certwiz certwiz, CredentialWatcher watcher, ServerMetrics metrics, ToIntFunction<Usage> ports) {}
