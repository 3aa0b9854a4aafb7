package io.certwiz.alert;

import io.certwiz.CertwizException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Sends a notification by email over SMTP (Jakarta Mail): STARTTLS required unless the channel says
 * {@code tls} (implicit TLS) or {@code none} (a relay on this host only), AUTH when a user is set. The
 * server's certificate must chain to a root the JVM trusts or one of the roots certwiz holds, and name the
 * host.
 */
public final class EmailSender {
    static final int TIMEOUT_MILLIS = 15_000;

    private EmailSender() {}

    /** The SMTP settings a channel keeps (without its password). */
    public record Smtp(String host, int port, String security, String username, String from) {}

    static void send(Smtp smtp, List<String> to, char[] password, Notification n, List<X509Certificate> roots) {
        Properties props = new Properties();
        String prefix = smtp.security().equals("tls") ? "mail.smtps." : "mail.smtp.";
        props.put(prefix + "host", smtp.host());
        props.put(prefix + "port", Integer.toString(smtp.port()));
        props.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(prefix + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(prefix + "auth", Boolean.toString(smtp.username() != null));
        if (!smtp.security().equals("none")) {
            props.put(prefix + "starttls.enable", "true");
            props.put(
                    prefix + "starttls.required",
                    Boolean.toString(smtp.security().equals("starttls")));
            props.put(prefix + "ssl.socketFactory", sslContext(roots).getSocketFactory());
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), password == null ? "" : new String(password));
            }
        });
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from(), true));
            for (String address : to) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
            }
            message.setSubject(subject(n), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("X-Certwiz-Alert", n.key());
            message.setText(text(n), "UTF-8");
            Transport transport = session.getTransport(smtp.security().equals("tls") ? "smtps" : "smtp");
            try (transport) {
                transport.connect(
                        smtp.host(), smtp.port(), smtp.username(), password == null ? null : new String(password));
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw CertwizException.error(
                    "the SMTP server " + smtp.host() + ":" + smtp.port() + " did not take the alert: " + oneLine(e));
        }
    }

    static String subject(Notification n) {
        String status = n.status().equals(Notification.RESOLVED)
                ? "RESOLVED"
                : n.severity().name().toUpperCase();
        return "[certwiz " + status + "] " + n.kind() + ": " + n.subject() + " on " + n.server();
    }

    static String text(Notification n) {
        return n.message() + "\n\n"
                + "Status:     " + n.status() + "\n"
                + "Severity:   " + n.severity() + "\n"
                + "Alert:      " + n.key() + "\n"
                + "Since:      " + n.firstSeen() + "\n"
                + (n.resolvedAt() == null ? "" : "Resolved:   " + n.resolvedAt() + "\n")
                + "Server:     " + n.server() + "\n"
                + "Sent:       " + n.sentAt() + "\n\n"
                + "certwiz alerts list shows every open alert.\n";
    }

    /** The JVM's trusted roots and the roots certwiz holds. */
    private static SSLContext sslContext(List<X509Certificate> roots) {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            managers.add((X509TrustManager) defaults.getTrustManagers()[0]);
            if (!roots.isEmpty()) {
                KeyStore held = KeyStore.getInstance("PKCS12");
                held.load(null, null);
                for (int i = 0; i < roots.size(); i++) {
                    held.setCertificateEntry("root-" + i, roots.get(i));
                }
                TrustManagerFactory own = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                own.init(held);
                managers.add((X509TrustManager) own.getTrustManagers()[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(managers)}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw CertwizException.error("cannot set up TLS for SMTP: " + e.getMessage(), e);
        }
    }

    /** Trusts a server chain that any of its managers trusts. */
    private record EitherTrustManager(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("no client certificates here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            java.security.cert.CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (java.security.cert.CertificateException e) {
                    last = e;
                }
            }
            throw last == null ? new java.security.cert.CertificateException("no trust manager") : last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream()
                    .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }

    private static String oneLine(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
        return text == null
                ? e.getClass().getSimpleName()
                : text.replaceAll("\\s+", " ").strip();
    }
}
