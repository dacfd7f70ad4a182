package dev.umbra.api.portal;

import dev.umbra.api.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the Debian chromedriver, with the waits and probes the
 * portal's browser tests share. Tests skip where the driver is not installed.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Starts Chromium at 1280 px wide, signed in as the first admin; skips the calling test where chromedriver or chromium is absent. */
    static Browser open(String baseUrl) throws IOException {
        Browser browser = openSignedOut(baseUrl);
        browser.signIn("admin", TestData.ADMIN_PASSWORD);
        browser.waitFor(d -> d.findElements(By.id("signed-in-as")).isEmpty() ? null : true);
        return browser;
    }

    /** Starts Chromium with no session. */
    static Browser openSignedOut(String baseUrl) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "skipped: the portal's browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver)");
        Path profile = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1500", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        return new Browser(new ChromeDriver(service, options), base, profile);
    }

    /** Fills in and sends the sign-in form (opening it first unless the portal has sent us there). */
    void signIn(String username, String password) {
        if (!driver.getCurrentUrl().contains("#/login")) {
            driver.get(base + "#/login");
        }
        await("#login [data-field='username']");
        type("#login [data-field='username']", username);
        type("#login [data-field='password']", password);
        find("#sign-in").click();
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a portal route (e.g. {@code #/runs/3}) and waits until its page has rendered. */
    void go(String route) {
        driver.get(base + route);
        driver.navigate().refresh(); // a hash change alone does not reload when only the hash differs
        waitReady();
    }

    void waitReady() {
        waitFor(d -> "true".equals(d.findElement(By.id("page")).getAttribute("data-ready")));
    }

    /** Polls until the condition holds; an element the live page re-rendered meanwhile just means poll again. */
    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits until an element exists and returns it. */
    WebElement await(String css) {
        return waitFor(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Saves a screenshot of the viewport as target/portal-screenshots/NAME.png and returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
