package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The GCache pages of the Dev UI in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * the application runs in dev mode against a real Redis holding known keys; the test opens the Keys page, finds them
 * in its Vaadin grid, filters on the server and in a grid column, sorts a column, opens an entry's JSON dialog,
 * invalidates an entity and sees its entries turn stale, then on the Use cases page checks the hit ratio against its
 * definition, sets a ramp in the Set dialog and sees the chart draw the calls it made. The pages render into shadow
 * DOM (the grid's and dialogs' content too), which the test pierces. With {@code -Dgcache.screenshots=<dir>} it saves
 * screenshots there (the guide's own images are taken from the example application, see dev-ui.adoc).
 */
class GCacheDevUiBrowserTest {

    static final SharedRedis REDIS = SharedRedis.get(GCacheDevUiBrowserTest.class.getName());
    static final String CHROMIUM = System.getProperty("gcache.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("gcache.chromedriver", "/usr/bin/chromedriver");

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.uri() + "\n"
                            + "quarkus.redis.devservices.enabled=false\n"), "application.properties"));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void keysAndUseCasesPagesInChromium() throws Exception {
        assertThat(new File(CHROMIUM)).as("install Debian's chromium and chromium-driver (apt-get install -y chromium "
                + "chromium-driver)").exists();
        assertThat(new File(CHROMEDRIVER)).as("install Debian's chromium-driver").exists();

        // STEP 1: known keys in Redis, one entry in LOCAL
        long now = System.currentTimeMillis();
        REDIS.command("SET", GCacheDevUiJsonRpcTest.PROFILE_42, now + ":{\"id\":\"42\",\"name\":\"user 42\"}", "PX",
                "3600000");
        REDIS.command("SET", GCacheDevUiJsonRpcTest.POSTS_42, now + ":[\"42-post-2\"]", "PX", "3600000");
        REDIS.command("SET", GCacheDevUiJsonRpcTest.ESCAPED, now + ":{\"id\":\"a b#c\"}", "PX", "3600000");
        REDIS.command("SET", GCacheDevUiJsonRpcTest.STALE, "1000:{\"id\":\"7\"}", "PX", "3600000");
        REDIS.command("SET", "{urn:gcache:user_id:7}#watermark", "2000", "PX", "3600000");
        REDIS.command("SET", GCacheDevUiJsonRpcTest.ITEM_9, now + ":\"item 9\"", "PX", "600000");
        GCacheDevUiJsonRpcTest.get("/catalog/profile?id=42"); // a REMOTE hit, kept in LOCAL
        GCacheDevUiJsonRpcTest.get("/catalog/item?id=10");

        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        Path userData = Files.createTempDirectory("gcache-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + userData, "--window-size=1700,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().window().setSize(new Dimension(1700, 1000));

            // STEP 2: the Keys page lists the known keys of both layers in its grid, with their state as a badge
            driver.get(base + "/q/dev-ui/quarkus-gcache/keys");
            WebElement keysHost = page(driver, "qwc-gcache-keys");
            SearchContext keys = keysHost.getShadowRoot();
            waitFor(() -> entries(driver, keysHost).size() >= 7, "the known keys", () -> text(driver, "qwc-gcache-keys"));
            assertThat(urns(driver, keysHost)).contains("REMOTE " + GCacheDevUiJsonRpcTest.PROFILE_42,
                    "LOCAL " + GCacheDevUiJsonRpcTest.PROFILE_42, "REMOTE " + GCacheDevUiJsonRpcTest.ESCAPED,
                    "REMOTE " + GCacheDevUiJsonRpcTest.STALE, "REMOTE urn:gcache:item_id:10#DevItem");
            assertThat(stateOf(driver, keysHost, "REMOTE", GCacheDevUiJsonRpcTest.STALE)).isEqualTo("stale");
            assertThat(stateOf(driver, keysHost, "REMOTE", GCacheDevUiJsonRpcTest.PROFILE_42)).isEqualTo("fresh");
            assertThat(keys.findElements(By.cssSelector("qui-badge.state[data-state='stale'][level='error']")))
                    .isNotEmpty();
            // an entry stamped 1000 ms after the epoch shows no age counted from 1970, and says why
            WebElement epochAge = keys.findElement(By.cssSelector(
                    "span.age[data-layer='REMOTE'][data-urn='" + GCacheDevUiJsonRpcTest.STALE + "']"));
            assertThat(epochAge.getText()).isEqualTo("—");
            assertThat(epochAge.getAttribute("title")).contains("1970-01-01", "by hand or by a test");
            WebElement realAge = keys.findElement(By.cssSelector(
                    "span.age[data-layer='REMOTE'][data-urn='" + GCacheDevUiJsonRpcTest.PROFILE_42 + "']"));
            assertThat(realAge.getText()).matches("\\d+ (ms|s)");

            // STEP 3: filter on the server by id (escaped in the key, as typed here), then by key type
            WebElement id = keys.findElement(By.cssSelector("#filter-id input"));
            id.sendKeys("a b#c");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> urns(driver, keysHost).equals(List.of("REMOTE " + GCacheDevUiJsonRpcTest.ESCAPED)),
                    "the id filter", () -> urns(driver, keysHost).toString());
            id.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            choose(driver, keys.findElement(By.cssSelector("#filter-key-type")), "item_id");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> urns(driver, keysHost).stream().allMatch(u -> u.contains("item_id"))
                    && urns(driver, keysHost).size() >= 2, "the key type filter", () -> urns(driver, keysHost).toString());
            choose(driver, keys.findElement(By.cssSelector("#filter-key-type")), "");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> entries(driver, keysHost).size() >= 7, "no filter", () -> urns(driver, keysHost).toString());

            // STEP 4: the grid's own column filter and sorting act on the page shown
            WebElement useCaseFilter = byPath(driver, keysHost, "vaadin-grid-filter", "useCase")
                    .findElement(By.cssSelector("input"));
            useCaseFilter.sendKeys("DevItem");
            waitFor(() -> urns(driver, keysHost).size() >= 2
                    && urns(driver, keysHost).stream().allMatch(u -> u.endsWith("#DevItem")), "the column filter",
                    () -> urns(driver, keysHost).toString());
            useCaseFilter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            waitFor(() -> entries(driver, keysHost).size() >= 7, "the column filter cleared",
                    () -> urns(driver, keysHost).toString());
            WebElement sizeSorter = byPath(driver, keysHost, "vaadin-grid-sorter", "size");
            sizeSorter.click();
            waitFor(() -> isSorted(sizes(driver, keysHost), false), "sorted by size, ascending",
                    () -> sizes(driver, keysHost).toString());
            sizeSorter.click();
            waitFor(() -> isSorted(sizes(driver, keysHost), true), "sorted by size, descending",
                    () -> sizes(driver, keysHost).toString());
            assertThat(sizes(driver, keysHost).get(0)).isGreaterThan(sizes(driver, keysHost).get(entries(driver,
                    keysHost).size() - 1));

            // STEP 5: an entry's value, as JSON, in a dialog
            keys.findElement(By.cssSelector("vaadin-button.show-json[data-layer='REMOTE'][data-urn='"
                    + GCacheDevUiJsonRpcTest.PROFILE_42 + "']")).click();
            waitFor(() -> deep(driver, "#json-dialog-content") != null, "the JSON dialog", () -> text(driver, "qwc-gcache-keys"));
            WebElement dialog = deep(driver, "#json-dialog-content");
            assertThat(dialog.getAttribute("data-urn")).isEqualTo(GCacheDevUiJsonRpcTest.PROFILE_42);
            Object json = ((JavascriptExecutor) driver).executeScript(
                    "return arguments[0].querySelector('qui-themed-code-block').content;", dialog);
            assertThat(json).isEqualTo("{\n  \"id\": \"42\",\n  \"name\": \"user 42\"\n}");
            screenshot(driver, "devui-keys-json.png");
            deep(driver, "#json-close").click();
            waitFor(() -> deep(driver, "#json-dialog-content") == null, "the JSON dialog closed",
                    () -> text(driver, "qwc-gcache-keys"));

            // STEP 6: invalidate user 42: its LOCAL entry goes, its REMOTE entries turn stale; a notification says so
            choose(driver, keys.findElement(By.cssSelector("#invalidate-key-type")), "user_id");
            keys.findElement(By.cssSelector("#invalidate-id input")).sendKeys("42");
            keys.findElement(By.cssSelector("#invalidate")).click();
            waitFor(() -> !urns(driver, keysHost).contains("LOCAL " + GCacheDevUiJsonRpcTest.PROFILE_42)
                    && "stale".equals(stateOf(driver, keysHost, "REMOTE", GCacheDevUiJsonRpcTest.PROFILE_42))
                    && "stale".equals(stateOf(driver, keysHost, "REMOTE", GCacheDevUiJsonRpcTest.POSTS_42)),
                    "the invalidation", () -> urns(driver, keysHost).toString());
            waitFor(() -> notifications(driver).contains("Invalidated user_id 42"), "the notification",
                    () -> notifications(driver));
            assertThat(stateOf(driver, keysHost, "REMOTE", GCacheDevUiJsonRpcTest.ESCAPED)).isEqualTo("fresh");

            // STEP 7: the Use cases page: the grid, the hit ratio as its definition says, a ramp set in the dialog
            driver.get(base + "/q/dev-ui/quarkus-gcache/use-cases");
            WebElement useCasesHost = page(driver, "qwc-gcache-use-cases");
            SearchContext useCases = useCasesHost.getShadowRoot();
            waitFor(() -> visible(driver, useCasesHost, "div.use-case").size() == 3
                    && useCases.findElement(By.cssSelector(".local-settings[data-use-case='DevProfile']")).getText()
                            .contains("1m"),
                    "the use cases", () -> text(driver, "qwc-gcache-use-cases"));
            assertThat(useCases.findElement(By.cssSelector(".remote-settings[data-use-case='DevProfile']")).getText())
                    .contains("1h");
            assertThat(useCases.findElement(By.cssSelector("#hit-ratio-definition")).getText())
                    .contains("Hit ratio = (LOCAL hits + REMOTE hits) ÷ Calls");
            assertHitRatioAsDefined(useCases, "DevItem");
            // the Staleness column: a REMOTE hit of the known item 9 is shadow-checked (DevItem's shadowRamp is 100)
            GCacheDevUiJsonRpcTest.get("/catalog/item?id=9");
            waitFor(() -> useCases.findElement(By.cssSelector(".shadow[data-use-case='DevItem']")).getText()
                    .replace('\n', ' ').contains("100.0% match, 0 stale"), "the shadow check of DevItem",
                    () -> text(driver, "qwc-gcache-use-cases"));
            assertThat(useCases.findElement(By.cssSelector(".shadow[data-use-case='DevProfile']")).getText())
                    .isEqualTo("off");

            useCases.findElement(By.cssSelector("vaadin-button.set[data-use-case='DevProfile']")).click();
            waitFor(() -> deep(driver, "#set-ramp input") != null, "the Set dialog", () -> text(driver, "qwc-gcache-use-cases"));
            deep(driver, "#set-ramp input").sendKeys("40");
            deep(driver, "#set-apply").click();
            waitFor(() -> useCases.findElement(By.cssSelector(".local-settings[data-use-case='DevProfile']"))
                    .getText().contains("40"), "the new ramp", () -> text(driver, "qwc-gcache-use-cases"));
            waitFor(() -> notifications(driver).contains("DevProfile LOCAL: ramp 40"), "the notification",
                    () -> notifications(driver));

            // STEP 8: the chart: calls made while the page samples show as bars and a hit-ratio line
            for (int i = 0; i < 3; i++) {
                GCacheDevUiJsonRpcTest.get("/catalog/item?id=10");
                GCacheDevUiJsonRpcTest.get("/catalog/item?id=11");
                int before = intervals(useCases, "DevItem");
                waitFor(() -> intervals(useCases, "DevItem") > before, "the next sample of the chart",
                        () -> text(driver, "qwc-gcache-use-cases"));
            }
            waitFor(() -> !useCases.findElements(By.cssSelector("svg.trend[data-use-case='DevItem'] rect.calls"))
                    .isEmpty() && !useCases.findElements(By.cssSelector(
                            "svg.trend[data-use-case='DevItem'] polyline.hit-ratio")).isEmpty(),
                    "the chart's bars and line", () -> text(driver, "qwc-gcache-use-cases"));
            assertHitRatioAsDefined(useCases, "DevItem");
            screenshot(driver, "devui-use-cases.png");

            useCases.findElement(By.cssSelector("vaadin-button.set[data-use-case='DevProfile']")).click();
            waitFor(() -> deep(driver, "#set-reset") != null, "the Set dialog", () -> text(driver, "qwc-gcache-use-cases"));
            deep(driver, "#set-reset").click();
            waitFor(() -> useCases.findElement(By.cssSelector(".local-settings[data-use-case='DevProfile']"))
                    .getText().contains("100"), "the reset", () -> text(driver, "qwc-gcache-use-cases"));

            // STEP 5: the Flights page lists every use case with its running fills (none now) and the totals
            driver.get(base + "/q/dev-ui/quarkus-gcache/flights");
            SearchContext flights = page(driver, "qwc-gcache-flights").getShadowRoot();
            waitFor(() -> !flights.findElements(By.cssSelector(".leaders[data-use-case='DevItem']")).isEmpty(),
                    "the flights", () -> text(driver, "qwc-gcache-flights"));
            for (String useCase : List.of("DevProfile", "DevPosts", "DevItem")) {
                assertThat(flights.findElement(By.cssSelector(".leaders[data-use-case='" + useCase + "']"))
                        .getText()).isEqualTo("0");
                assertThat(flights.findElement(By.cssSelector(".followers[data-use-case='" + useCase + "']"))
                        .getText()).isEqualTo("0");
            }
            assertThat(flights.findElement(By.cssSelector("#totals")).getText()).contains("0 fill(s) running")
                    .contains("0 caller(s) waiting");
        } finally {
            driver.quit();
        }
    }

    /** The hit ratio shown is (LOCAL hits + REMOTE hits) / Calls, from the numbers in the same row. */
    private static void assertHitRatioAsDefined(SearchContext page, String useCase) {
        waitFor(() -> {
            long[] local = counts(page.findElement(By.cssSelector(".local-counts[data-use-case='" + useCase + "']")));
            long[] remote = counts(page.findElement(By.cssSelector(".remote-counts[data-use-case='" + useCase + "']")));
            String calls = page.findElement(By.cssSelector(".calls[data-use-case='" + useCase + "']")).getText();
            String ratio = page.findElement(By.cssSelector(".hit-ratio[data-use-case='" + useCase + "']")).getText();
            if (!calls.matches("\\d+") || Long.parseLong(calls) == 0) {
                return false;
            }
            double expected = 100.0 * (local[1] + remote[1]) / Long.parseLong(calls);
            return ratio.equals(String.format(java.util.Locale.ROOT, "%.1f%%", expected));
        }, "the hit ratio of " + useCase + " as defined", () -> "");
    }

    /** "requests / hits / misses (ratio)" as the page shows a layer's counters. */
    private static long[] counts(WebElement cell) {
        String[] parts = cell.getText().replaceAll("\\(.*\\)", "").trim().split("\\s*/\\s*");
        return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
    }

    private static int intervals(SearchContext page, String useCase) {
        return Integer.parseInt(page.findElement(By.cssSelector("svg.trend[data-use-case='" + useCase + "']"))
                .getAttribute("data-intervals"));
    }

    /** A grid header's filter or sorter of a column, by its column's path (a property, not an attribute). */
    private static WebElement byPath(WebDriver driver, WebElement host, String tag, String path) {
        Object found = ((JavascriptExecutor) driver).executeScript(
                "return [...arguments[0].shadowRoot.querySelectorAll(arguments[1])].find(e => e.path === arguments[2]);",
                host, tag, path);
        assertThat(found).as(tag + " of " + path).isInstanceOf(WebElement.class);
        return (WebElement) found;
    }

    /** Picks a value of a vaadin-select as its overlay would: sets it, which fires its value-changed. */
    private static void choose(WebDriver driver, WebElement select, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", select, value);
    }

    private static boolean isSorted(List<Long> values, boolean descending) {
        for (int i = 1; i < values.size(); i++) {
            if (descending ? values.get(i - 1) < values.get(i) : values.get(i - 1) > values.get(i)) {
                return false;
            }
        }
        return values.size() > 1;
    }

    /** Finds an element by tag name in the document and, recursively, in every open shadow root. */
    private static final String DEEP_FIND = """
            const find = (root, tag) => {
              const hit = root.querySelector(tag);
              if (hit) return hit;
              for (const el of root.querySelectorAll('*')) {
                if (el.shadowRoot) { const h = find(el.shadowRoot, tag); if (h) return h; }
              }
              return null;
            };
            """;

    /** The page's web component, found through every shadow root of the Dev UI, once its shadow root is there. */
    private static WebElement page(WebDriver driver, String tag) {
        // the element is there before its module has loaded: wait for its shadow root
        String deepFind = DEEP_FIND + "const h = find(document, arguments[0]); return h && h.shadowRoot ? h : null;";
        WebElement[] host = new WebElement[1];
        waitFor(() -> {
            Object found = ((JavascriptExecutor) driver).executeScript(deepFind, tag);
            host[0] = found instanceof WebElement e ? e : null;
            return host[0] != null;
        }, tag, driver::getCurrentUrl);
        return host[0];
    }

    /** The first element matching a CSS selector in the document or in any open shadow root, or null. */
    private static WebElement deep(WebDriver driver, String selector) {
        Object found = ((JavascriptExecutor) driver).executeScript(DEEP_FIND + "return find(document, arguments[0]);",
                selector);
        return found instanceof WebElement e ? e : null;
    }

    /** The text of the notifications (toasts) on screen. */
    private static String notifications(WebDriver driver) {
        Object text = ((JavascriptExecutor) driver).executeScript("""
                const all = [];
                const walk = root => {
                  root.querySelectorAll('vaadin-notification-card').forEach(c => all.push(c.textContent));
                  root.querySelectorAll('*').forEach(el => { if (el.shadowRoot) walk(el.shadowRoot); });
                };
                walk(document);
                return all.join(' | ');
                """);
        return String.valueOf(text);
    }

    /** What the page shows, for a failure's message. */
    private static String text(WebDriver driver, String tag) {
        Object text = ((JavascriptExecutor) driver).executeScript(DEEP_FIND
                + "const host = find(document, arguments[0]);"
                + "return host == null ? 'no ' + arguments[0] : host.shadowRoot == null ? 'no shadow root' "
                + ": host.shadowRoot.innerHTML;", tag);
        StringBuilder console = new StringBuilder();
        try {
            driver.manage().logs().get("browser").forEach(e -> console.append(e.getMessage()).append('\n'));
        } catch (RuntimeException e) {
            console.append(e);
        }
        return text + "\nbrowser console:\n" + console;
    }

    /**
     * The elements matching a selector in a page's shadow root that are on screen, top to bottom: the grid keeps the
     * cells of rows it does not show (recycled, filtered out) in the DOM, hidden, and its slots are not in row order.
     */
    @SuppressWarnings("unchecked")
    private static List<WebElement> visible(WebDriver driver, WebElement host, String selector) {
        return (List<WebElement>) ((JavascriptExecutor) driver).executeScript("""
                return [...arguments[0].shadowRoot.querySelectorAll(arguments[1])]
                    .filter(e => e.checkVisibility())
                    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
                """, host, selector);
    }

    /** The Keys grid's rows on screen, top to bottom, as "LAYER URN STATE SIZE". */
    @SuppressWarnings("unchecked")
    private static List<String> entries(WebDriver driver, WebElement host) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return [...arguments[0].shadowRoot.querySelectorAll('#keys code.entry')]
                    .filter(e => e.checkVisibility())
                    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
                    .map(e => [e.dataset.layer, e.dataset.urn, e.dataset.state, e.dataset.size].join(' '));
                """, host);
    }

    private static List<String> urns(WebDriver driver, WebElement host) {
        return entries(driver, host).stream().map(e -> e.substring(0, e.lastIndexOf(' ', e.lastIndexOf(' ') - 1)))
                .toList();
    }

    private static List<Long> sizes(WebDriver driver, WebElement host) {
        return entries(driver, host).stream().map(e -> Long.parseLong(e.substring(e.lastIndexOf(' ') + 1))).toList();
    }

    private static String stateOf(WebDriver driver, WebElement host, String layer, String urn) {
        for (String e : entries(driver, host)) {
            if (e.startsWith(layer + " " + urn + " ")) {
                String rest = e.substring((layer + " " + urn + " ").length());
                return rest.substring(0, rest.indexOf(' '));
            }
        }
        return null;
    }

    private static void waitFor(Supplier<Boolean> condition, String what, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // the page is re-rendering: an element went stale
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String seen;
        try {
            seen = diagnostics.get();
        } catch (RuntimeException e) {
            seen = e.toString();
        }
        throw new AssertionError("Timed out waiting for " + what + "; saw: "
                + (seen.length() > 3000 ? seen.substring(0, 3000) : seen), last);
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        String dir = System.getProperty("gcache.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Thread.sleep(500); // let the last render settle
        // the Dev UI's own toasts (e.g. it cannot reach the extension registry offline) are not GCache's
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('vaadin-notification-container, vaadin-notification-card')"
                        + ".forEach(n => n.remove());");
        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of(dir).resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
