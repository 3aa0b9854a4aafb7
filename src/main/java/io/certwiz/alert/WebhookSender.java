package io.certwiz.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.CertwizException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends a notification as a JSON POST, signed: {@code X-Certwiz-Signature: sha256=HEX} is the HMAC-SHA256,
 * under the channel's key, of {@code TIMESTAMP + "." + BODY}, with the timestamp (epoch seconds) in
 * {@code X-Certwiz-Timestamp} so a receiver can refuse replays. Tried up to {@link #ATTEMPTS} times on a
 * network error, a 429 or a 5xx, waiting {@link #FIRST_WAIT} and then twice as long each time.
 */
final class WebhookSender {
    static final int ATTEMPTS = 3;
    static final Duration FIRST_WAIT = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private WebhookSender() {}

    static String body(Notification notification) {
        try {
            return JSON.writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw CertwizException.error("cannot write the alert as JSON: " + e.getMessage(), e);
        }
    }

    static String signature(byte[] key, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "sha256="
                    + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot sign the alert: " + e.getMessage(), e);
        }
    }

    /** Sends; a one-line error after the last attempt failed. */
    static void send(String url, byte[] key, Notification notification, long timestamp) {
        String body = body(notification);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "certwiz-alerts")
                .header("X-Certwiz-Event", notification.status())
                .header("X-Certwiz-Timestamp", Long.toString(timestamp))
                .header("X-Certwiz-Signature", signature(key, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        String last = null;
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                last = "HTTP " + status;
                if (status != 429 && status / 100 != 5) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                wait = wait.multipliedBy(2);
            }
        }
        throw CertwizException.error("the webhook " + url + " did not take the alert: " + last);
    }
}
