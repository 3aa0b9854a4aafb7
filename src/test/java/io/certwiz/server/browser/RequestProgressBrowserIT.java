package io.certwiz.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.acme.client.AcmeClient;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online request to an ACME CA (Debian's pebble) through the wizard in a real browser: the submit
 * leads to the progress page, which shows the task, the progress bar and the status lines while the CA
 * is held back, then goes on by itself to the Online Certificate Request Status page once the
 * certificate is issued; with scripts off the page reloads itself to the same end.
 */
class RequestProgressBrowserIT {
    private static final String FQDN = "srv.example.com";
    private static final Pattern PROGRESS = Pattern.compile(".*/request/progress/[A-Za-z0-9_-]{32}");
    private static final Pattern STATUS = Pattern.compile(".*/request/status/[0-9A-F]{40}\\?usage=.*");
    private static Playwright playwright;
    private static Browser browser;
    private static Path screenshots;
    private static PebbleCa pebble;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private Certwiz certwiz;
    private CertwizServer server;
    private String token;
    private String base;
    private BrowserContext context;

    @BeforeAll
    static void launch() throws Exception {
        assumeTrue(PebbleCa.available(), "pebble is not installed (./run-tests installs it)");
        pebble = PebbleCa.start(shared.resolve("pebble"));
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
        if (pebble != null) {
            pebble.close();
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
        // The plain-HTTP listener is the server's http-01 responder (pebble is told not to ask it).
        server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0).withHttpPort(0));
        base = "https://127.0.0.1:" + server.port(Usage.WebServicesInternal);
        certwiz.acme()
                .add(new AcmeClient.AddSpec(
                        "pebble", pebble.directoryUrl(), pebble.bundle(), List.of(), null, null, null));
    }

    @AfterEach
    void stopServer() {
        pebble.release();
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
    void theProgressPageShowsTheStepsWhileTheCaWorksThenLeadsToTheStatusPage() {
        context = newContext(true);
        List<String> console = new ArrayList<>();
        Page page = login();
        page.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));
        submitToPebble(page);

        page.waitForURL(PROGRESS);
        String progressUrl = page.url();
        assertThat(page.title()).startsWith("Online Certificate Request in Progress");
        // The script fills in what the request reports while it waits for the held-back CA.
        page.waitForSelector("#progress-lines li:has-text('ordering a certificate for dns:" + FQDN + "')");
        assertThat(page.textContent("#progress-task")).isEqualTo("Requesting from pebble");
        assertThat(page.locator("#progress-lines li").first().textContent()).isEqualTo("Requesting from pebble");
        assertThat(page.locator("progress#progress-bar").count()).isEqualTo(1);
        page.waitForFunction("() => document.getElementById('progress-bar').max === 3");
        assertThat(page.evalOnSelector("#progress-bar", "bar => bar.value")).isEqualTo(0);
        assertThat(page.textContent("#progress-count")).isEqualTo("0 of 3 steps done");
        assertThat(page.textContent("main")).contains("Certification authority").contains("pebble");
        shoot(page, "17-request-progress");

        pebble.release();
        page.waitForURL(STATUS, new Page.WaitForURLOptions().setTimeout(60_000));
        assertThat(page.title()).startsWith("Online Certificate Request Status");
        String thumbprint = page.textContent("#thumbprint").strip();
        assertThat(thumbprint).matches("[0-9A-F]{40}");
        assertThat(page.textContent("main")).contains("Pebble Intermediate CA");
        shoot(page, "18-request-progress-status");
        assertThat(console)
                .as("no script blocked by the page's Content-Security-Policy")
                .noneMatch(line -> line.contains("Content Security Policy"));

        // Once issued, the progress page leads to the status page; another session does not see it.
        APIResponse again =
                context.request().get(progressUrl, RequestOptions.create().setMaxRedirects(0));
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.headers().get("location")).startsWith("/request/status/" + thumbprint + "?usage=");
        BrowserContext other = newContext(true);
        try {
            Page stranger = login(other);
            assertThat(stranger.navigate(progressUrl).status()).isEqualTo(404);
        } finally {
            other.close();
        }
    }

    @Test
    void withoutScriptsTheProgressPageReloadsItselfUntilTheStatusPage() {
        context = newContext(false);
        Page page = login();
        submitToPebble(page);
        page.waitForURL(PROGRESS);
        assertThat(page.locator("progress#progress-bar").count()).isEqualTo(1);
        assertThat(page.textContent("main")).contains("This page reloads itself every 3 seconds");
        pebble.release();
        page.waitForURL(STATUS, new Page.WaitForURLOptions().setTimeout(60_000));
        assertThat(page.textContent("#thumbprint").strip()).matches("[0-9A-F]{40}");
    }

    private void submitToPebble(Page page) {
        page.navigate(base + "/request");
        page.selectOption("#ca", "pebble");
        page.selectOption("#key", "ec-p256");
        page.fill("#friendlyName", "from pebble");
        page.click("button:has-text('Next: summary')");
        assertThat(page.textContent("main")).contains("Online: send it now to the pebble CA");
        pebble.hold();
        page.click("#submit-request");
    }

    private BrowserContext newContext(boolean scripts) {
        BrowserContext created = browser.newContext(new Browser.NewContextOptions()
                .setIgnoreHTTPSErrors(true)
                .setJavaScriptEnabled(scripts)
                .setViewportSize(1280, 900));
        created.setDefaultTimeout(10_000);
        return created;
    }

    private Page login() {
        return login(context);
    }

    private Page login(BrowserContext in) {
        Page page = in.newPage();
        page.navigate(base + "/login");
        page.fill("#token", token);
        page.click("button:has-text('Log in')");
        page.waitForURL(base + "/");
        return page;
    }

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
