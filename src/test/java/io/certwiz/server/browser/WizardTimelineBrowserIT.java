package io.certwiz.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's main page in Chromium: the expiry timeline (server-rendered SVG, there without scripts),
 * the roll-over date, the banner of open alerts, states that do not wrap; and the Alerts page adding a
 * webhook. Screenshots, wide and narrow, go to {@code <build dir>/screenshots}.
 */
class WizardTimelineBrowserIT {
    static final String FQDN = "localhost.localdomain";
    private static Playwright playwright;
    private static Browser browser;
    private static Path screenshots;

    @TempDir
    Path tmp;

    private Certwiz certwiz;
    private CertwizServer server;
    private String token;
    private String base;

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
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (certwiz != null) {
            certwiz.close();
        }
    }

    String request(Usage usage, boolean assign) {
        return certwiz.requests()
                .online(RequestSpec.builder(List.of(usage))
                        .keyType(KeyType.EC_P256)
                        .assign(assign)
                        .build())
                .certificate()
                .thumbprint();
    }

    private Page login(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(base + "/");
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

    @Test
    void theMainPageShowsTheTimelineTheRollOverAndTheOpenAlerts() {
        request(Usage.WebServicesInternal, true);
        request(Usage.WebServicesExternal, true);
        String current = request(Usage.OAuthTokenIssuer, true);
        String next = request(Usage.OAuthTokenIssuer, true);
        // Back to the first as current, the second staged to become current in ten days.
        certwiz.assignments().assign(new Thumbprint(current), List.of(Usage.OAuthTokenIssuer));
        Instant effective = Instant.now().plus(Duration.ofDays(10));
        certwiz.assignments().stage(new Thumbprint(next), effective);
        server.refresh();
        server.tick(); // Default has no certificate: one open alert

        // Without scripts: the page is complete as the server sent it.
        try (BrowserContext noScript = browser.newContext(new Browser.NewContextOptions()
                .setIgnoreHTTPSErrors(true)
                .setJavaScriptEnabled(false)
                .setViewportSize(1280, 900))) {
            Page page = login(noScript);
            assertThat(page.locator("svg#timeline").isVisible()).isTrue();
            assertThat(page.locator("svg#timeline g.bar").count()).isGreaterThanOrEqualTo(6);
            assertThat(page.locator("#bar-" + next).count()).isEqualTo(1);
            assertThat(page.locator("svg#timeline g.today").count()).isEqualTo(1);
            assertThat(page.locator("#roll-OAuthTokenIssuer title").textContent())
                    .contains(next);
            assertThat(page.locator("#alert-banner").textContent())
                    .contains("1 open alert")
                    .contains("Default has no certificate");
            assertThat(page.locator("#usage-OAuthTokenIssuer .roll-next").textContent())
                    .contains("next:")
                    .contains(effective.toString().substring(0, 10));
            assertThat(page.locator("#usage-OAuthTokenIssuer .roll-previous").count())
                    .isEqualTo(1);
            shoot(page, "20-main-timeline");
        }

        try (BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setIgnoreHTTPSErrors(true).setViewportSize(1280, 900))) {
            Page page = login(context);
            // Each state badge stays on one line, wide and narrow.
            for (int width : new int[] {1280, 390}) {
                page.setViewportSize(width, 900);
                Object wrapped = page.evaluate("() => [...document.querySelectorAll('td.state .badge')]"
                        + ".filter(b => b.getClientRects().length > 1"
                        + " || b.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(b).fontSize))"
                        + ".map(b => b.textContent)");
                assertThat((List<?>) wrapped)
                        .as("wrapped states at %d px", width)
                        .isEmpty();
            }
            page.setViewportSize(1280, 900);

            page.click("nav a:has-text('Alerts')");
            page.waitForURL(base + "/alerts");
            assertThat(page.locator("#alerts").textContent()).contains("no-certificate");
            page.fill("#webhook-name", "ops");
            page.fill("#webhook-url", "https://hooks.example.com/certwiz");
            page.click("#webhook-form button[type=submit]");
            assertThat(page.locator("#flash").textContent())
                    .contains("Added webhook ops")
                    .containsPattern("[0-9a-f]{64}");
            assertThat(page.locator("#channel-ops").textContent()).contains("https://hooks.example.com/certwiz");
            shoot(page, "21-alerts");
            page.click("#channel-ops button:has-text('Remove')");
            assertThat(page.locator("#flash").textContent()).contains("Removed alert channel ops");
        }
    }

    @Test
    void theAssignPageStagesAnOAuthTokenIssuerRollOverWithItsEffectiveDate() {
        String current = request(Usage.OAuthTokenIssuer, true);
        String next = request(Usage.OAuthTokenIssuer, false);
        Instant effective = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setIgnoreHTTPSErrors(true).setViewportSize(1280, 900))) {
            Page page = login(context);
            page.navigate(base + "/assign?thumbprint=" + next + "&usage=OAuthTokenIssuer");

            // A roll-over without its date, and a date without the roll-over, are refused and keep the choices.
            page.check("#roll");
            page.click("#assign");
            assertThat(page.textContent("main")).contains("needs its effective date");
            assertThat(page.isChecked("#roll")).isTrue();
            page.uncheck("#roll");
            page.fill("#effectiveDate", effective.toString());
            page.click("#assign");
            assertThat(page.textContent("main")).contains("goes with a roll-over");

            page.check("#roll");
            page.fill("#effectiveDate", effective.toString());
            shoot(page, "assign-roll-over");
            page.click("#assign");
            page.waitForURL(url -> url.contains("staged="));
            assertThat(page.textContent("#flash")).contains(next).contains(effective.toString());
        }
        UsageStatus oauth = certwiz.assignments().usages().stream()
                .filter(u -> u.usage().equals(Usage.OAuthTokenIssuer.name()))
                .findFirst()
                .orElseThrow();
        assertThat(oauth.thumbprint()).isEqualTo(current);
        assertThat(oauth.nextThumbprint()).isEqualTo(next);
        assertThat(Instant.parse(oauth.nextEffectiveDate())).isEqualTo(effective);
    }
}
