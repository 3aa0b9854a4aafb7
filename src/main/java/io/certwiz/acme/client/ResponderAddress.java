package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import java.net.InetSocketAddress;

/** {@code --responder ADDR:PORT}, {@code ADDR}, {@code :PORT} or {@code [IPV6]:PORT}; parts left out take defaults. */
public record ResponderAddress(String host, int port) {
    public static ResponderAddress parse(String text, ChallengeType challenge) {
        if (text == null || text.isBlank()) {
            return new ResponderAddress("0.0.0.0", challenge.defaultPort());
        }
        String value = text.strip();
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw bad(text);
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text);
                }
                port = rest.substring(1);
            }
        } else if (value.chars().filter(c -> c == ':').count() > 1) {
            host = value; // a bare IPv6 address
        } else {
            int colon = value.lastIndexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        int number = challenge.defaultPort();
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            if (number < 0 || number > 65535) {
                throw bad(text);
            }
        }
        return new ResponderAddress(host, number);
    }

    private static CertwizException bad(String text) {
        return CertwizException.badUsage(
                "--responder takes ADDR:PORT (e.g. 0.0.0.0:80 or [::]:443), not '" + text + "'");
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
