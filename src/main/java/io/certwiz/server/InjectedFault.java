package io.certwiz.server;

import io.certwiz.renewal.ServedCheck;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault injected on purpose, for RenewalServeIT (serve as a process, where no real fault can be made
 * to strike at one chosen moment): {@code -Dcertwiz.renewal.fault=verify-once} makes the first
 * verification after a swap fail, as a listener that kept the old certificate would. Without that
 * property (always, outside that test) the renewal's check is the probe itself.
 */
final class InjectedFault {
    static final String PROPERTY = "certwiz.renewal.fault";

    private InjectedFault() {}

    static ServedCheck around(ServedCheck probe) {
        if (!"verify-once".equals(System.getProperty(PROPERTY))) {
            return probe;
        }
        AtomicBoolean fired = new AtomicBoolean();
        return new ServedCheck() {
            @Override
            public List<String> problems(List<Usage> usages, Thumbprint expected) {
                List<String> found = probe.problems(usages, expected);
                return fired.compareAndSet(false, true)
                        ? List.of("injected fault (" + PROPERTY + "=verify-once)")
                        : found;
            }

            @Override
            public void refresh() {
                probe.refresh();
            }
        };
    }
}
