package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.usage.ServerIdentity;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The base of the ACME server's URLs: the server identity's external name and the listener's port, read
 * once at the first request (the port is known only once the listener runs).
 */
final class ExternalBase implements Supplier<String> {
    private final AcmeServerStorage storage;
    private final IntSupplier port;
    private volatile String base;

    ExternalBase(AcmeServerStorage storage, IntSupplier port) {
        this.storage = storage;
        this.port = port;
    }

    @Override
    public String get() {
        String known = base;
        if (known == null) {
            String name = storage.store()
                    .read(tx -> storage.identities().identity(tx))
                    .map(ServerIdentity::webExternalFqdn)
                    .orElseThrow(
                            () -> CertwizException.notFound("this store has no server identity; run certwiz init"));
            known = of(name, port.getAsInt());
            base = known;
        }
        return known;
    }

    /**
     * {@code https://}, the configured external name and the port (left out when 443); never the
     * request's Host header, which a client can set to anything.
     */
    static String of(String externalName, int port) {
        return "https://" + externalName + (port == 443 ? "" : ":" + port);
    }
}
