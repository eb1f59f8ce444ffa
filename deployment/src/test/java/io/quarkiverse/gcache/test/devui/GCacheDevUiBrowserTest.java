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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The GCache pages of the Dev UI in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * the application runs in dev mode against a real Redis holding known keys; the test opens the Keys page, finds
 * them, filters, invalidates an entity and sees its entries turn stale, then sets a ramp on the Use cases page. The
 * pages render into shadow DOM, which the test pierces. With {@code -Dgcache.screenshots=<dir>} it saves a
 * screenshot of each page there (the guide's images are made so).
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

            // STEP 2: the Keys page lists the known keys of both layers, with their state
            driver.get(base + "/q/dev-ui/quarkus-gcache/keys");
            SearchContext keys = page(driver, "qwc-gcache-keys");
            waitFor(() -> rows(keys).size() >= 7, "the known keys", () -> text(driver, "qwc-gcache-keys"));
            assertThat(urns(keys)).contains("REMOTE " + GCacheDevUiJsonRpcTest.PROFILE_42,
                    "LOCAL " + GCacheDevUiJsonRpcTest.PROFILE_42, "REMOTE " + GCacheDevUiJsonRpcTest.ESCAPED,
                    "REMOTE " + GCacheDevUiJsonRpcTest.STALE, "REMOTE urn:gcache:item_id:10#DevItem");
            assertThat(stateOf(keys, "REMOTE", GCacheDevUiJsonRpcTest.STALE)).isEqualTo("stale");
            assertThat(stateOf(keys, "REMOTE", GCacheDevUiJsonRpcTest.PROFILE_42)).isEqualTo("fresh");
            screenshot(driver, "devui-keys.png");

            // STEP 3: filter by id (escaped in the key, as typed here)
            WebElement id = keys.findElement(By.cssSelector("#filter-id"));
            id.sendKeys("a b#c");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> urns(keys).equals(List.of("REMOTE " + GCacheDevUiJsonRpcTest.ESCAPED)), "the id filter",
                    () -> urns(keys).toString());
            id.clear();
            new Select(keys.findElement(By.cssSelector("#filter-key-type"))).selectByValue("item_id");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> urns(keys).stream().allMatch(u -> u.contains("item_id")) && urns(keys).size() >= 2,
                    "the key type filter", () -> urns(keys).toString());
            new Select(keys.findElement(By.cssSelector("#filter-key-type"))).selectByValue("");
            keys.findElement(By.cssSelector("#search")).click();
            waitFor(() -> rows(keys).size() >= 7, "no filter", () -> urns(keys).toString());

            // STEP 4: invalidate user 42: its LOCAL entry goes, its REMOTE entries turn stale
            new Select(keys.findElement(By.cssSelector("#invalidate-key-type"))).selectByValue("user_id");
            keys.findElement(By.cssSelector("#invalidate-id")).sendKeys("42");
            keys.findElement(By.cssSelector("#invalidate")).click();
            waitFor(() -> !urns(keys).contains("LOCAL " + GCacheDevUiJsonRpcTest.PROFILE_42)
                    && "stale".equals(stateOf(keys, "REMOTE", GCacheDevUiJsonRpcTest.PROFILE_42))
                    && "stale".equals(stateOf(keys, "REMOTE", GCacheDevUiJsonRpcTest.POSTS_42)),
                    "the invalidation", () -> urns(keys).toString());
            assertThat(keys.findElement(By.cssSelector("#message")).getText()).contains("Invalidated user_id 42");
            assertThat(stateOf(keys, "REMOTE", GCacheDevUiJsonRpcTest.ESCAPED)).isEqualTo("fresh");

            // STEP 5: the Use cases page; a ramp set there shows at once
            driver.get(base + "/q/dev-ui/quarkus-gcache/use-cases");
            SearchContext useCases = page(driver, "qwc-gcache-use-cases");
            waitFor(() -> useCases.findElements(By.cssSelector("tr.use-case")).size() == 3
                    && useCases.findElement(By.cssSelector("tr[data-use-case='DevProfile'] .local-settings")).getText()
                            .contains("1m"),
                    "the use cases", () -> text(driver, "qwc-gcache-use-cases"));
            WebElement profile = useCases.findElement(By.cssSelector("tr[data-use-case='DevProfile']"));
            assertThat(profile.findElement(By.cssSelector(".remote-settings")).getText()).contains("1h");
            new Select(profile.findElement(By.cssSelector("select.layer"))).selectByValue("LOCAL");
            profile.findElement(By.cssSelector("input.ramp")).sendKeys("40");
            profile.findElement(By.cssSelector("button.apply")).click();
            waitFor(() -> useCases.findElement(By.cssSelector("tr[data-use-case='DevProfile'] .local-settings"))
                    .getText().contains("40"), "the new ramp", () -> text(driver, "qwc-gcache-use-cases"));
            screenshot(driver, "devui-use-cases.png");
            useCases.findElement(By.cssSelector("tr[data-use-case='DevProfile'] button.reset")).click();
            waitFor(() -> useCases.findElement(By.cssSelector("tr[data-use-case='DevProfile'] .local-settings"))
                    .getText().contains("100"), "the reset", () -> text(driver, "qwc-gcache-use-cases"));
        } finally {
            driver.quit();
        }
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

    /** The page's web component, found through every shadow root of the Dev UI, and its own shadow root. */
    private static SearchContext page(WebDriver driver, String tag) {
        // the element is there before its module has loaded: wait for its shadow root
        String deepFind = DEEP_FIND + "const h = find(document, arguments[0]); return h && h.shadowRoot ? h : null;";
        WebElement[] host = new WebElement[1];
        waitFor(() -> {
            Object found = ((JavascriptExecutor) driver).executeScript(deepFind, tag);
            host[0] = found instanceof WebElement e ? e : null;
            return host[0] != null;
        }, tag, driver::getCurrentUrl);
        return host[0].getShadowRoot();
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

    private static List<WebElement> rows(SearchContext page) {
        return page.findElements(By.cssSelector("tr.entry"));
    }

    private static List<String> urns(SearchContext page) {
        return rows(page).stream().map(r -> r.getAttribute("data-layer") + " " + r.getAttribute("data-urn")).toList();
    }

    private static String stateOf(SearchContext page, String layer, String urn) {
        for (WebElement r : rows(page)) {
            if (urn.equals(r.getAttribute("data-urn")) && layer.equals(r.getAttribute("data-layer"))) {
                return r.findElement(By.cssSelector("td.state")).getText();
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
