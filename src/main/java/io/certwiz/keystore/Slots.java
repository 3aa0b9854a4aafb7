package io.certwiz.keystore;

import io.certwiz.CertwizException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The slots of a PKCS#11 module and the labels of their tokens. The JDK's SunPKCS11 chooses a token by
 * slot only, so a token configured by label is found here, through the JDK's own PKCS#11 wrapper
 * (module jdk.crypto.cryptoki, exported to certwiz by the jar's manifest, {@code Add-Exports}). The
 * module is initialized as SunPKCS11 initializes it (OS locking), and shared with it.
 */
final class Slots {
    private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
    private static final long CKF_OS_LOCKING_OK = 0x2;
    /** CK_TOKEN_INFO flags. */
    static final long CKF_USER_PIN_LOCKED = 0x40000;

    record Slot(long id, String label, long flags) {}

    private Slots() {}

    /** The slots with a token present, with each token's label. */
    static List<Slot> list(Path library) {
        try {
            Class<?> pkcs11 = Class.forName(WRAPPER + "PKCS11");
            Class<?> initArgs = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS");
            Object args = initArgs.getConstructor().newInstance();
            initArgs.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
            Method getInstance = pkcs11.getMethod("getInstance", String.class, String.class, initArgs, boolean.class);
            Object module = getInstance.invoke(null, library.toString(), "C_GetFunctionList", args, false);
            long[] slots =
                    (long[]) pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(module, true);
            Method tokenInfo = pkcs11.getMethod("C_GetTokenInfo", long.class);
            List<Slot> out = new ArrayList<>();
            for (long slot : slots) {
                Object info = tokenInfo.invoke(module, slot);
                char[] label = (char[]) info.getClass().getField("label").get(info);
                out.add(new Slot(
                        slot,
                        new String(label).strip(),
                        info.getClass().getField("flags").getLong(info)));
            }
            return out;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw CertwizException.error("cannot list the slots of " + library + ": " + Tokens.oneLine(cause), cause);
        } catch (IllegalAccessException e) {
            throw CertwizException.error("finding a token by its label needs the JVM option --add-exports"
                    + " jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED (the certwiz jar sets it);"
                    + " or configure the token by \"slot\"");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw CertwizException.error("cannot list the slots of " + library + " with this JDK: " + e, e);
        }
    }

    static Slot byLabel(Path library, String label, String tokenName) {
        List<Slot> slots = list(library);
        for (Slot slot : slots) {
            if (slot.label().equals(label)) {
                return slot;
            }
        }
        throw CertwizException.error("token " + tokenName + ": no token labelled '" + label + "' is present ("
                + (slots.isEmpty()
                        ? "the module sees no token"
                        : "the module sees "
                                + String.join(
                                        ", ",
                                        slots.stream()
                                                .map(s -> "'" + s.label() + "'")
                                                .toList()))
                + ")");
    }
}
