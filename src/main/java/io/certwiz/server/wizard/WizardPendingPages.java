package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.request.PendingRequest;
import io.certwiz.usage.Usage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Offline requests waiting for the CA's reply: the list, one request with its CSR to download (the
 * file to send to the CA), and clearing a request that will not be answered.
 */
final class WizardPendingPages {
    private WizardPendingPages() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/requests", ctx -> list(site, ctx));
        config.routes.get("/requests/{id}", ctx -> one(site, ctx));
        config.routes.get("/requests/{id}/csr", ctx -> {
            PendingRequest request = site.certwiz(ctx).requests().pending(id(ctx));
            WizardRoutes.download(
                    ctx, "certwiz-request-" + request.id() + ".csr", "application/pkcs10", request.csrPem());
        });
        config.routes.post("/requests/{id}/clear", ctx -> {
            PendingRequest cleared = site.certwiz(ctx).requests().clear(id(ctx));
            WizardRoutes.seeOther(ctx, "/requests?cleared=" + cleared.id());
        });
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id").strip());
        } catch (NumberFormatException e) {
            throw CertwizException.badUsage("not a request id: '" + ctx.pathParam("id") + "'");
        }
    }

    private static void list(WizardSite site, Context ctx) {
        Certwiz certwiz = site.certwiz(ctx);
        List<PendingRequest> pending = certwiz.requests().pending();
        StringBuilder body = new StringBuilder();
        String cleared = ctx.queryParam("cleared");
        if (cleared != null) {
            body.append("<p class=\"ok\" role=\"status\">Request ")
                    .append(Html.esc(cleared))
                    .append(" and its private key were removed.</p>");
        }
        body.append("<p>Requests prepared to send later. Download a request's CSR, send it to the CA, then import "
                        + "the CA's reply on the ")
                .append(Html.link("/import", "Import"))
                .append(" page.</p>");
        if (pending.isEmpty()) {
            body.append("<p>No request is waiting for a reply. ")
                    .append(Html.link("/request", "Request"))
                    .append(" a certificate.</p>");
        } else {
            List<Html.Row> rows = new ArrayList<>();
            for (PendingRequest request : pending) {
                rows.add(new Html.Row(
                        null,
                        List.of(
                                Html.cell(Html.link("/requests/" + request.id(), "Request " + request.id())),
                                Html.cell(Html.esc(request.createdAt())),
                                Html.cell(Html.esc(WizardRoutes.names(request.usages()))),
                                Html.cell(Html.esc(request.friendlyName() == null ? "" : request.friendlyName())),
                                Html.cell(Html.esc(request.ca())),
                                Html.cell(csrLink(request)))));
            }
            body.append(
                    Html.table("pending", List.of("Request", "Created", "Usages", "Friendly name", "CA", "CSR"), rows));
        }
        WizardRoutes.render(site, ctx, "Pending Certificate Requests", body.toString());
    }

    private static String csrLink(PendingRequest request) {
        return "<a href=\"/requests/" + request.id() + "/csr\" download>Download CSR</a>";
    }

    private static void one(WizardSite site, Context ctx) {
        PendingRequest request = site.certwiz(ctx).requests().pending(id(ctx));
        Csr csr = Csr.read(request.csrPem());
        StringBuilder body = new StringBuilder();
        if (ctx.queryParam("created") != null) {
            body.append("<p class=\"ok\" role=\"status\">The request was prepared; its private key stays on this "
                    + "server until the CA's reply arrives.</p>");
        }
        body.append(Html.fields(
                "Request id", Html.raw("<strong id=\"request-id\">" + request.id() + "</strong>"),
                "Created", request.createdAt(),
                "Usages", WizardRoutes.labels(request.usages()),
                "Friendly name", request.friendlyName() == null ? "(none)" : request.friendlyName(),
                "CA", request.ca(),
                "Subject", csr.subject(),
                "Subject alternative names", String.join(", ", csr.sans())));
        body.append("<div class=\"actions\">")
                .append("<a class=\"button\" id=\"download-csr\" href=\"/requests/")
                .append(request.id())
                .append("/csr\" download>Download the CSR</a>")
                .append(Html.button("/import", "Import the CA's reply"))
                .append("</div>");
        body.append("<h2>Next steps</h2><ol><li>Send the CSR (PKCS#10) to the certification authority: for a public "
                        + "CA choose a web server certificate with server authentication")
                .append(
                        request.usages().contains(Usage.Default)
                                ? " and client authentication (Default is mutual TLS)"
                                : "")
                .append(".</li><li>Import the CA's reply (PEM, DER or PKCS#7) on the ")
                .append(Html.link("/import", "Import"))
                .append((" page; it completes this request.</li>"
                        + "<li>Import the CA's root and intermediate certificates if this server does not trust them yet,"
                        + " then assign the certificate.</li></ol>"));
        body.append("<details><summary>The CSR as PEM</summary><pre id=\"csr-pem\">")
                .append(Html.esc(request.csrPem()))
                .append("</pre></details>");
        body.append("<form method=\"post\" action=\"/requests/")
                .append(request.id())
                .append("/clear\">")
                .append(Html.csrfField(site.csrfToken(ctx)))
                .append("<button type=\"submit\">Clear this request and its key</button></form>");
        WizardRoutes.render(site, ctx, "Offline Certificate Request " + request.id(), body.toString());
    }

    /** The subject and SANs a CSR asks for, for display. */
    record Csr(String subject, List<String> sans) {
        static Csr read(String pem) {
            try (PEMParser parser = new PEMParser(new StringReader(pem))) {
                Object object = parser.readObject();
                if (!(object instanceof PKCS10CertificationRequest csr)) {
                    return new Csr("(unreadable)", List.of());
                }
                List<String> sans = new ArrayList<>();
                for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                    Extensions extensions =
                            Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                    GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                    for (GeneralName name : names == null ? new GeneralName[0] : names.getNames()) {
                        sans.add(
                                switch (name.getTagNo()) {
                                    case GeneralName.dNSName -> "dns:" + name.getName();
                                    case GeneralName.iPAddress -> "ip:" + ipText(name);
                                    default -> name.toString();
                                });
                    }
                }
                return new Csr(csr.getSubject().toString(), sans);
            } catch (IOException | RuntimeException e) {
                return new Csr("(unreadable)", List.of());
            }
        }

        private static String ipText(GeneralName name) {
            byte[] bytes = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName())
                    .getOctets();
            try {
                return java.net.InetAddress.getByAddress(bytes).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return "?";
            }
        }
    }
}
