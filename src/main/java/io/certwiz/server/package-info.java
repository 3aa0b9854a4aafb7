/** {@code certwiz serve}: composes the TLS listeners, the REST API and the web wizard; sessions, login throttling and metrics. */
package io.certwiz.server;
