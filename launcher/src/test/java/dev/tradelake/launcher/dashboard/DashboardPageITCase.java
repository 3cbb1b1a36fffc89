package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium driven through chromedriver (CI installs both;
 * skipped, saying so, where they are absent). Selenium Manager never runs: both paths are given.
 */
@ExtendWith(LocalAwsExtension.class)
class DashboardPageITCase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final long T0 = 1_381_152_600_000L; // 2013-10-07T13:30:00Z
    /** A symbol that is also markup: the page must show it as text. */
    private static final String ODD = "X<b>&\"'";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void drawsTheStoredCandlesSwitchesSymbolAndWindowAndShowsALiveTrade(LocalAws aws, @TempDir Path profile)
            throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver not installed (Debian: apt-get install chromium chromium-driver)");
        try (LakeFixture lake = new LakeFixture(aws)) {
            lake.putBars(bars("SPY", 240, 170.0));
            lake.putBars(bars(ODD, 90, 20.0));
            long lastSpyBar = T0 + 239 * 60_000L;
            lake.putTrades(List.of(new Trade("SPY", lastSpyBar + 60_000 + 1_000, 0, 170.5, 100, List.of(), T0)));

            ChromeDriver browser = chromium(profile);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(lake.uri("/?symbol=SPY").toString());
                int spyBars = JSON.readTree(lake.get("/api/bars?symbol=SPY&window=1m&limit=1500")
                                .body())
                        .size();
                // The 240 stored bars and the forming candle of the trade after them.
                assertThat(spyBars).isEqualTo(240);
                wait.until(d -> candles(browser) == spyBars + 1);

                Select symbol = new Select(browser.findElement(By.id("symbol")));
                assertThat(symbol.getOptions()).extracting(WebElement::getText).containsExactly("SPY", ODD);
                symbol.selectByValue(ODD);
                wait.until(d -> candles(browser) == 90);
                assertThat(browser.findElement(By.id("legend-symbol")).getText())
                        .startsWith(ODD);
                assertThat(browser.findElements(By.tagName("b")))
                        .noneMatch(b -> b.getText().equals("&\"'"));

                symbol.selectByValue("SPY");
                wait.until(d -> candles(browser) == spyBars + 1);
                List<String> windows = browser.findElements(By.cssSelector("#windows button")).stream()
                        .map(b -> b.getAttribute("data-window"))
                        .toList();
                assertThat(windows).containsExactly("1m", "5m", "15m", "1h", "1d");
                for (String window : windows) {
                    WebElement button =
                            browser.findElement(By.cssSelector("#windows button[data-window='" + window + "']"));
                    if (!button.isEnabled()) {
                        continue; // sizes the server says it cannot roll up yet
                    }
                    button.click();
                    int expected = JSON.readTree(lake.get("/api/bars?symbol=SPY&limit=1500&window=" + window)
                                    .body())
                            .size();
                    // The stored bars, and the forming candle when it starts a window of its own.
                    wait.until(d -> window.equals(script(browser, "return window.tradelakeDashboard.window()"))
                            && candles(browser) >= expected
                            && candles(browser) <= expected + 1);
                }
                browser.findElement(By.cssSelector("#windows button[data-window='1m']"))
                        .click();
                wait.until(d -> candles(browser) == spyBars + 1
                        && "live".equals(browser.findElement(By.id("status")).getAttribute("data-state")));

                // A trade stored while the page is open moves the forming candle.
                lake.putTrades(List.of(new Trade("SPY", lastSpyBar + 60_000 + 2_000, 0, 171.75, 50, List.of(), T0)));
                wait.until(d -> {
                    Object last = script(browser, "return window.tradelakeDashboard.lastCandle()");
                    return last instanceof Map<?, ?> m
                            && ((Number) m.get("close")).doubleValue() == 171.75
                            && ((Number) m.get("high")).doubleValue() == 171.75
                            && ((Number) m.get("open")).doubleValue() == 170.5;
                });
                assertThat(candles(browser)).isEqualTo(spyBars + 1);
                assertThat(browser.findElement(By.id("tape")).getText()).contains("171.75");
            } finally {
                browser.quit();
            }
        }
    }

    private static List<Bar> bars(String symbol, int count, double base) {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double open = base + Math.sin(i / 7.0);
            double close = open + Math.cos(i / 3.0) * 0.3;
            bars.add(new Bar(
                    symbol,
                    60_000,
                    T0 + i * 60_000L,
                    open,
                    Math.max(open, close) + 0.1,
                    Math.min(open, close) - 0.1,
                    close,
                    1_000 + i,
                    (1_000 + i) * (open + close) / 2,
                    10));
        }
        return bars;
    }

    private static int candles(ChromeDriver browser) {
        Object count =
                script(browser, "return window.tradelakeDashboard ? window.tradelakeDashboard.candleCount() : -1");
        return ((Number) count).intValue();
    }

    private static Object script(ChromeDriver browser, String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
