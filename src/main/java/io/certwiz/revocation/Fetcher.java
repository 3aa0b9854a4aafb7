package io.certwiz.revocation;

import java.io.IOException;
import java.net.URI;

/** Fetches what certificates point at (CRLs, OCSP responses, CA certificates) over HTTP. */
public interface Fetcher {
    /** The body of a GET of {@code uri}, at most {@code maxBytes}; an IOException for anything else. */
    byte[] get(URI uri, int maxBytes) throws IOException;

    /** The body of a POST of {@code body} to {@code uri}, at most {@code maxBytes}. */
    byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException;

    /** No network: every fetch fails (verify offline, tests). */
    Fetcher NONE = new Fetcher() {
        @Override
        public byte[] get(URI uri, int maxBytes) throws IOException {
            throw new IOException("fetching is off");
        }

        @Override
        public byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException {
            throw new IOException("fetching is off");
        }
    };
}
