package io.certwiz.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web wizard in a real browser (Playwright driving Debian's Chromium) against a server started in
 * this process: the online request, status page and Finish that swaps the WebServicesInternal listener;
 * the offline request signed by an outside CA whose chain is not trusted until its root and
 * intermediate are imported; CSRF and login enforcement. Screenshots of the key pages, wide and
 * narrow, go to {@code <build dir>/screenshots}.
 */
class WizardBrowserIT {
    static final String FQDN = "localhost.localdomain";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Playwright playwright;
    private static Browser browser;
    private static Path screenshots;

    @TempDir
    Path tmp;

    private Certwiz certwiz;
    private CertwizServer server;
    private String token;
    private String base;
    private BrowserContext context;

    @BeforeAll
    static void launch() throws Exception {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        screenshots = Chromium.screenshots();
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void startServer() {
        DataDirectory data = new DataDirectory(tmp.resolve("data"));
        token = InitService.init(
                        data,
                        new InitService.Options(ServerIdentity.of(FQDN, null, null, null, List.of()), true, false))
                .adminToken();
        certwiz = Certwiz.open(data);
        server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0));
        base = "https://127.0.0.1:" + server.port(Usage.WebServicesInternal);
        context = browser.newContext(
                new Browser.NewContextOptions().setIgnoreHTTPSErrors(true).setViewportSize(1280, 900));
        context.setDefaultTimeout(10_000);
    }

    @AfterEach
    void stopServer() {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
        if (certwiz != null) {
            certwiz.close();
        }
    }

    @Test
    void onlineRequestThroughTheWizardIsPresentedByTheListenerAfterFinish() throws Exception {
        Page page = login();
        assertThat(page.title()).startsWith("Certificate Wizard");
        assertThat(page.textContent("#listener-notices")).contains("temporary self-signed certificate");
        assertThat(page.textContent("#usage-WebServicesInternal .state")).contains("NotAssigned");
        String temporary = TrustAll.presentedThumbprint(server.port(Usage.WebServicesInternal));
        shoot(page, "01-main");

        page.locator("main .actions a", new Page.LocatorOptions().setHasText("Request"))
                .click();
        page.waitForURL(base + "/request");
        assertThat(page.isChecked("#mode-online")).isTrue();
        assertThat(page.isChecked("#usage-WebServicesInternal")).isTrue();
        page.fill("#friendlyName", "wizard web services");
        page.selectOption("#key", "ec-p256");
        page.fill("#organization", "Example Org");
        page.fill("#country", "DE");
        page.fill("#state", "Bavaria");
        page.fill("#city", "Munich");
        page.fill("#sans", "dns:extra.localdomain");
        // .localdomain is not in the embedded CA's default name policy: asked for explicitly.
        page.check("#outsidePolicy");
        shoot(page, "02-request-form");

        page.click("button:has-text('Next: summary')");
        assertThat(page.title()).startsWith("Certificate Request Summary");
        assertThat(page.textContent("#summary-subject"))
                .contains("CN=" + FQDN)
                .contains("O=Example Org")
                .contains("C=DE");
        assertThat(page.textContent("#summary-sans")).contains("dns:" + FQDN).contains("dns:extra.localdomain");
        assertThat(page.textContent("main")).contains("yes (audited)");
        shoot(page, "03-summary");
        page.click("button:has-text('Back')");
        assertThat(page.title()).startsWith("Certificate Request");
        assertThat(page.inputValue("#friendlyName")).isEqualTo("wizard web services");
        assertThat(page.inputValue("#key")).isEqualTo("ec-p256");
        assertThat(page.inputValue("#sans")).isEqualTo("dns:extra.localdomain");
        assertThat(page.isChecked("#usage-OAuthTokenIssuer")).isFalse();
        assertThat(page.isChecked("#outsidePolicy")).isTrue();
        page.click("button:has-text('Next: summary')");

        page.click("#submit-request");
        assertThat(page.title()).startsWith("Online Certificate Request Status");
        String thumbprint = page.textContent("#thumbprint").strip();
        assertThat(thumbprint).matches("[0-9A-F]{40}");
        assertThat(page.isChecked("#assign"))
                .as("assign check box on by default")
                .isTrue();
        assertThat(page.textContent("label[for=assign]"))
                .contains("Assign this certificate to certwiz certificate usages")
                .contains("Web services internal");
        assertThat(page.locator("a:has-text('View Certificate Details')").count())
                .isEqualTo(1);
        shoot(page, "04-status");

        HttpResponse<String> api = TrustAll.get(base + "/api/v1/certificates/" + thumbprint, token);
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode certificate = JSON.readTree(api.body());
        assertThat(certificate.get("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(certificate.get("friendlyName").asText()).isEqualTo("wizard web services");
        assertThat(certificate.get("assignedUsages")).isEmpty();
        assertThat(TrustAll.presentedThumbprint(server.port(Usage.WebServicesInternal)))
                .as("not assigned before Finish")
                .isEqualTo(temporary);

        page.click("#finish");
        page.waitForURL(url -> url.startsWith(base + "/?assigned="));
        assertThat(page.textContent("#flash")).contains(thumbprint);
        for (Usage usage : List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal)) {
            assertThat(page.textContent("#usage-" + usage.name() + " .state")).contains("Assigned");
            assertThat(page.textContent("#usage-" + usage.name() + " .thumbprint"))
                    .contains(thumbprint);
        }
        Duration swap =
                TrustAll.awaitPresented(server.port(Usage.WebServicesInternal), thumbprint, Duration.ofSeconds(2));
        assertThat(swap).isLessThan(Duration.ofSeconds(2));
        assertThat(page.locator("#listener-notices").count())
                .as("no temporary certificate any more")
                .isZero();
        shoot(page, "05-main-assigned");

        page.click("#usage-WebServicesInternal a:has-text('View')");
        assertThat(page.title()).startsWith("Certificate Details");
        assertThat(page.textContent("#details-thumbprint")).isEqualTo(thumbprint);
        assertThat(page.textContent("main"))
                .contains("Enhanced key usage")
                .contains("serverAuth")
                .contains("Signature algorithm")
                .contains("Subject key identifier")
                .contains("CRL distribution points")
                .contains("present, not exportable")
                .contains("WebServicesInternal");
        assertThat(page.locator("#chain li.chain-element").count()).isEqualTo(3);
        assertThat(page.locator("#chain li.chain-element[data-status=Valid]").count())
                .isEqualTo(3);
        assertThat(page.locator("#chain > li > ul > li > ul > li").textContent())
                .contains(FQDN);
        shoot(page, "06-details");

        page.click("nav >> text=Audit log");
        assertThat(page.textContent("#audit"))
                .contains("web:admin")
                .contains("request.online")
                .contains("assign");
        shoot(page, "07-audit");
    }

    @Test
    void offlineRequestFromAnOutsideCaIsAssignableOnlyOnceItsRootAndIntermediateAreImported() throws Exception {
        Page page = login();
        page.click("nav a:text-is('Request')");
        page.check("#mode-offline");
        page.selectOption("#key", "ec-p256");
        page.fill("#friendlyName", "outside CA certificate");
        page.click("button:has-text('Next: summary')");
        assertThat(page.textContent("main")).contains("Offline: prepare the request now");
        page.click("#submit-request");
        assertThat(page.title()).startsWith("Offline Certificate Request");
        String requestId = page.textContent("#request-id").strip();
        Download download = page.waitForDownload(() -> page.click("#download-csr"));
        String csr = Files.readString(download.path(), StandardCharsets.US_ASCII);
        assertThat(csr).contains("BEGIN CERTIFICATE REQUEST");
        shoot(page, "08-offline-request");
        page.click("nav >> text=Pending requests");
        assertThat(page.textContent("#pending")).contains(requestId).contains("Download CSR");
        shoot(page, "09-pending-requests");

        OutsideCa ca = OutsideCa.create();
        X509Certificate leaf = ca.sign(csr);
        Path reply = write("reply.cer", OutsideCa.pem(leaf));
        Path root = write("outside-root.cer", OutsideCa.pem(ca.root()));
        Path intermediate = write("outside-issuing.cer", OutsideCa.pem(ca.intermediate()));

        page.click("nav a:text-is('Import')");
        shoot(page, "10-import");
        page.setInputFiles("#reply-file", reply);
        page.click("button:has-text('Import reply')");
        assertThat(page.title()).startsWith("Certificate Request Status");
        String thumbprint = page.textContent("#thumbprint").strip();
        String summary = page.textContent("#summary-status");
        assertThat(summary)
                .contains("missing CA certificate:")
                .contains("CN=Outside Issuing CA")
                .contains("Fix:")
                .contains("Import page");
        assertThat(page.locator("#assign").count()).as("no assign option").isZero();
        assertThat(page.locator("input[type=checkbox]").count()).isZero();
        assertThat(page.locator("#chain li.chain-element[data-status=Missing]").count())
                .isEqualTo(1);
        shoot(page, "11-untrusted-status");

        // Assigning now is refused: the checks run first, and each failure comes with its fix.
        page.navigate(base + "/assign?thumbprint=" + thumbprint);
        page.click("#assign");
        assertThat(page.title()).startsWith("Assign a Certificate");
        assertThat(page.textContent("[role=alert]"))
                .contains("cannot be assigned")
                .contains("missing CA certificate")
                .contains("Fix:");
        assertThat(page.isChecked("#cert-" + thumbprint)).as("choice kept").isTrue();
        shoot(page, "12-assign-refused");

        page.click("nav a:text-is('Import')");
        page.setInputFiles("#ca-file", root);
        page.selectOption("#ca-store", "root");
        page.click("button:has-text('Import CA certificate')");
        assertThat(page.textContent("#imported"))
                .contains(OutsideCa.ROOT_SUBJECT.split(",")[0])
                .contains("root");
        shoot(page, "13-import-result");
        page.click("nav a:text-is('Import')");
        page.setInputFiles("#ca-file", intermediate);
        page.selectOption("#ca-store", "intermediate");
        page.click("button:has-text('Import CA certificate')");
        assertThat(page.textContent("#imported")).contains("intermediate");

        page.click("nav >> text=Certificate Wizard");
        page.locator("main .actions a", new Page.LocatorOptions().setHasText("Assign"))
                .click();
        page.check("#cert-" + thumbprint);
        for (Usage usage : List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal)) {
            assertThat(page.isChecked("#usage-" + usage.name())).isTrue();
        }
        assertThat(page.textContent("label[for=cert-" + thumbprint + "]")).contains("chain trusted");
        shoot(page, "14-assign");
        page.click("#assign");
        page.waitForURL(url -> url.startsWith(base + "/?assigned="));
        assertThat(page.textContent("#usage-WebServicesInternal .state")).contains("Assigned");
        assertThat(page.textContent("#usage-WebServicesInternal .thumbprint")).contains(thumbprint);
        assertThat(page.textContent("#usage-Default .state")).contains("Assigned");
        TrustAll.awaitPresented(server.port(Usage.WebServicesInternal), thumbprint, Duration.ofSeconds(2));
        shoot(page, "15-main-assigned-outside");

        page.click("#usage-WebServicesInternal a:has-text('View')");
        assertThat(page.locator("#chain li.chain-element[data-status=Valid]").count())
                .isEqualTo(3);
        assertThat(page.textContent("#chain")).contains("Outside Root CA").contains("Outside Issuing CA");
        shoot(page, "16-details-outside");

        // Default's client roots (issue 11): by default the embedded CA's root and the root of the certificate
        // assigned to Default, now the outside one; choosing the assigned root alone leaves the embedded one out.
        page.click("nav >> text=Certificate Wizard");
        page.click("#usage-Default a:has-text('Client roots')");
        assertThat(page.textContent("#client-roots"))
                .contains("Outside Root CA")
                .contains("certwiz Root CA");
        assertThat(page.locator("#client-roots td.state:has-text('not trusted')")
                        .count())
                .isZero();
        assertThat(page.isChecked("#mode-default")).isTrue();
        page.check("#mode-list");
        page.check("#item-assigned");
        page.click("#client-roots-form button[type=submit]");
        assertThat(page.textContent("#flash")).contains("1 root").contains("(assigned)");
        assertThat(page.locator("#client-roots td.state:has-text('not trusted')")
                        .count())
                .isEqualTo(1);
        assertThat(page.isChecked("#item-assigned")).isTrue();
        shoot(page, "17-client-roots");
    }

    @Test
    void formPostsWithoutTheCsrfTokenAreRefused() throws Exception {
        Page page = login();
        String csrf = page.getAttribute("nav form input[name=_csrf]", "value");
        assertThat(csrf).isNotBlank();
        var request = context.request();
        FormData assign = FormData.create().set("thumbprint", "00".repeat(20)).set("usage", "Default");
        APIResponse missing =
                request.post(base + "/assign", RequestOptions.create().setForm(assign));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.text()).contains("CSRF");
        APIResponse wrong = request.post(
                base + "/assign",
                RequestOptions.create()
                        .setForm(FormData.create()
                                .set("_csrf", "not-the-token")
                                .set("thumbprint", "00".repeat(20))
                                .set("usage", "Default")));
        assertThat(wrong.status()).isEqualTo(403);
        APIResponse upload = request.post(
                base + "/import",
                RequestOptions.create()
                        .setMultipart(FormData.create()
                                .set("kind", "ca")
                                .set(
                                        "file",
                                        new FilePayload(
                                                "root.pem",
                                                "application/x-pem-file",
                                                OutsideCa.pem(OutsideCa.create().root())
                                                        .getBytes(StandardCharsets.US_ASCII)))));
        assertThat(upload.status()).isEqualTo(403);
        APIResponse submit = request.post(
                base + "/request",
                RequestOptions.create()
                        .setForm(FormData.create().set("mode", "online").set("usage", "Default")));
        assertThat(submit.status()).isEqualTo(403);
        assertThat(certwiz.certificates().list(null, null))
                .as("nothing was issued or imported")
                .allMatch(c -> !c.store().equals("personal"));

        // The same post with the session's token gets through to the checks.
        APIResponse withToken = request.post(
                base + "/assign",
                RequestOptions.create()
                        .setForm(FormData.create()
                                .set("_csrf", csrf)
                                .set("thumbprint", "00".repeat(20))
                                .set("usage", "Default")));
        assertThat(withToken.status()).isEqualTo(404);
        assertThat(withToken.text()).contains("no certificate with thumbprint");
    }

    @Test
    void uploadsOverTheSizeLimitAreRefusedWithoutReachingTheImport() throws Exception {
        Page page = login();
        String csrf = page.getAttribute("nav form input[name=_csrf]", "value");
        byte[] large = new byte[600 * 1024];
        java.util.Arrays.fill(large, (byte) 'A');
        APIResponse response = context.request()
                .post(
                        base + "/import",
                        RequestOptions.create()
                                .setMultipart(FormData.create()
                                        .set("_csrf", csrf)
                                        .set("kind", "ca")
                                        .set("file", new FilePayload("large.pem", "application/x-pem-file", large))));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).contains("too large");
        assertThat(certwiz.certificates().list(null, null)).hasSize(2); // the embedded root and issuing CA only
    }

    @Test
    void pfxWithItsPasswordIsImportedAndAWrongPasswordIsReported() throws Exception {
        OutsideCa ca = OutsideCa.create();
        Path pfx = tmp.resolve("server.pfx");
        Files.write(pfx, ca.pfx(List.of(FQDN), "pfx-secret".toCharArray()));
        Page page = login();
        page.click("nav a:text-is('Import')");
        page.setInputFiles("#pfx-file", pfx);
        page.fill("#pfx-password", "not-the-password");
        page.click("button:has-text('Import PFX')");
        assertThat(page.title()).startsWith("Import Certificates");
        assertThat(page.textContent("[role=alert]")).contains("server.pfx");
        assertThat(page.inputValue("#pfx-password"))
                .as("the password is never sent back")
                .isEmpty();

        page.setInputFiles("#pfx-file", pfx);
        page.fill("#pfx-password", "pfx-secret");
        page.fill("#pfx-friendly", "imported from a PFX");
        page.check("#pfx-exportable");
        page.click("button:has-text('Import PFX')");
        assertThat(page.title()).startsWith("Import Result");
        assertThat(page.textContent("#imported"))
                .contains("CN=" + FQDN)
                .contains("personal")
                .contains("private key exportable")
                .contains("Outside Issuing CA")
                .contains("intermediate");
        assertThat(page.content()).doesNotContain("pfx-secret");
        page.click("main a:has-text('Assign it')");
        assertThat(page.textContent("#assign-form"))
                .contains("imported from a PFX")
                .contains("chain NOT trusted");
    }

    @Test
    void wizardPagesRedirectToLoginWithoutASession() throws Exception {
        Page page = context.newPage();
        for (String path : List.of(
                "/",
                "/request",
                "/import",
                "/assign",
                "/certificates",
                "/requests",
                "/audit",
                "/requests/1/csr",
                "/request/status/" + "AB".repeat(20),
                "/certificates/" + "AB".repeat(20))) {
            page.navigate(base + path);
            assertThat(page.url()).as(path).isEqualTo(base + "/login");
            assertThat(page.locator("label[for=token]").textContent()).isEqualTo("Admin token");
            HttpResponse<String> plain = TrustAll.browserGet(base + path);
            assertThat(plain.statusCode()).as(path).isEqualTo(302);
            assertThat(plain.headers().firstValue("Location"))
                    .as(path)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        APIResponse post = context.request()
                .post(
                        base + "/assign",
                        RequestOptions.create().setForm(FormData.create().set("thumbprint", "00".repeat(20))));
        assertThat(post.status()).isEqualTo(401);
        shoot(page, "00-login");
    }

    private Page login() {
        Page page = context.newPage();
        page.navigate(base + "/");
        assertThat(page.url()).isEqualTo(base + "/login");
        page.fill("#token", token);
        page.click("button:has-text('Log in')");
        page.waitForURL(base + "/");
        return page;
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.US_ASCII);
    }

    /** A full-page screenshot at desktop width, and one at a phone's width. */
    private static void shoot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(screenshots.resolve(name + ".png"))
                .setFullPage(true));
        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(screenshots.resolve(name + "-narrow.png"))
                .setFullPage(true));
        page.setViewportSize(1280, 900);
    }
}
