package io.certwiz.server.tls;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Conscrypt's engine the OCSP response to staple. Conscrypt 2.5 sends one (BoringSSL's
 * SSL_set_ocsp_response, to clients that ask with status_request) when its engine's parameters hold it,
 * but has no public setter on the desktop; this sets that field before the handshake begins. When the
 * field is not where it was looked for (another Conscrypt), stapling is off and it is logged once.
 */
final class ConscryptStapling {
    private static final Logger LOG = LoggerFactory.getLogger(ConscryptStapling.class);
    private static final MethodHandle DELEGATE;
    private static final MethodHandle PARAMETERS;
    private static final MethodHandle SET_RESPONSE;
    private static final Class<?> ENGINE;
    private static final Class<?> WRAPPER;

    static {
        MethodHandle delegate = null;
        MethodHandle parameters = null;
        MethodHandle set = null;
        Class<?> engine = null;
        Class<?> wrapper = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            engine = Class.forName("org.conscrypt.ConscryptEngine");
            wrapper = Class.forName("org.conscrypt.Java8EngineWrapper");
            Field delegateField = wrapper.getDeclaredField("delegate");
            delegateField.setAccessible(true);
            delegate = lookup.unreflectGetter(delegateField);
            Field parametersField = engine.getDeclaredField("sslParameters");
            parametersField.setAccessible(true);
            parameters = lookup.unreflectGetter(parametersField);
            Method setter =
                    Class.forName("org.conscrypt.SSLParametersImpl").getDeclaredMethod("setOCSPResponse", byte[].class);
            setter.setAccessible(true);
            set = lookup.unreflect(setter);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn(
                    "OCSP stapling is off: this Conscrypt does not take a response the way 2.5 does ({})",
                    e.toString());
            delegate = null;
            parameters = null;
            set = null;
        }
        DELEGATE = delegate;
        PARAMETERS = parameters;
        SET_RESPONSE = set;
        ENGINE = engine;
        WRAPPER = wrapper;
    }

    private ConscryptStapling() {}

    static boolean available() {
        return SET_RESPONSE != null;
    }

    /** Staples {@code response} in {@code engine}'s handshake; false when the engine is not Conscrypt's. */
    static boolean set(SSLEngine engine, byte[] response) {
        if (SET_RESPONSE == null) {
            return false;
        }
        try {
            Object conscrypt = WRAPPER.isInstance(engine) ? DELEGATE.invoke(engine) : engine;
            if (!ENGINE.isInstance(conscrypt)) {
                return false;
            }
            SET_RESPONSE.invoke(PARAMETERS.invoke(conscrypt), response.clone());
            return true;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }
}
