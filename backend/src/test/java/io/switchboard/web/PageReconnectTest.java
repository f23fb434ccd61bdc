package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.Gateway;
import io.switchboard.config.Settings;
import io.switchboard.testing.Browser;
import io.switchboard.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium across a lost connection and a gateway restart: it comes back by
 * itself, as the same nick, showing every message sent meanwhile once and in order. The browser
 * reaches the gateway through a proxy the test cuts, so what happens while it is away is certain.
 */
@Timeout(180)
class PageReconnectTest {
    @TempDir
    Path dir;
    private Gateway gateway;
    private TcpProxy proxy;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        gateway = new Gateway(settings(0)).start();
        proxy = new TcpProxy(gateway.httpPort());
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // fragments replace elements
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        proxy.close();
        gateway.close();
    }

    private Settings settings(int httpPort) {
        return Settings.forTests().ports(httpPort, 0, 0).history("sqlite:" + dir.resolve("history.db")).build();
    }

    private void post(int from, int to) {
        for (int i = from; i <= to; i++) {
            gateway.hub().post("lobby", "bot", "api", "m" + i);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> shown() {
        List<String> texts = new ArrayList<>();
        for (Object text : (List<Object>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#messages article[data-id] .text')).map(e => e.textContent);")) {
            texts.add((String) text);
        }
        return texts;
    }

    private String nick() {
        return (String) browser.executeScript("return document.getElementById('me').dataset.nick;");
    }

    private static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("m" + i);
        }
        return out;
    }

    /** Waits until the page is in a backoff of at least {@code seconds} and returns when it would retry. */
    private long awaitBackoff(int seconds) {
        wait.until(d -> {
            String text = d.findElement(By.id("state")).getText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("retrying in (\\d+) s").matcher(text);
            return m.find() && Integer.parseInt(m.group(1)) >= seconds;
        });
        return Long.parseLong(browser.findElement(By.id("state")).getAttribute("data-retry-at"));
    }

    /** Waits for "connected" and returns the page's clock at that moment. */
    private long awaitConnected() {
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
        return ((Number) browser.executeScript("return Date.now();")).longValue();
    }

    @Test
    void acrossAGatewayRestartThePageKeepsItsNickAndMissesNothingAndRepeatsNothing() throws Exception {
        browser.get("http://127.0.0.1:" + proxy.port() + "/");
        awaitConnected();
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/nick alice", Keys.ENTER);
        wait.until(d -> "alice".equals(nick()));
        post(1, 3);
        wait.until(d -> shown().equals(range(1, 3)));

        // The network goes; meanwhile the gateway restarts on the same port and 27 messages are
        // sent, more than the 20 a newcomer is shown.
        proxy.cut();
        int port = gateway.httpPort();
        gateway.close();
        gateway = new Gateway(settings(port)).start();
        post(4, 30);
        long retryAt = awaitBackoff(4);

        // The network is back: the browser says so, and the page does not sit out its backoff.
        proxy.mend();
        browser.executeScript("window.dispatchEvent(new Event('online'));");
        long connectedAt = awaitConnected();
        assertTrue(connectedAt < retryAt, "reconnected on 'online', " + (retryAt - connectedAt) + " ms before the timer");
        wait.until(d -> shown().size() >= 30);
        assertEquals(range(1, 30), shown(), "every message once, in order");
        assertEquals("alice", nick());

        // Live messages go on arriving after the resume, once each.
        post(31, 31);
        wait.until(d -> shown().size() >= 31);
        assertEquals(range(1, 31), shown());

        // Coming back to the tab is the other moment not to wait: visibilitychange.
        proxy.cut();
        retryAt = awaitBackoff(4);
        post(32, 33);
        proxy.mend();
        browser.executeScript("document.dispatchEvent(new Event('visibilitychange'));");
        connectedAt = awaitConnected();
        assertTrue(connectedAt < retryAt, "reconnected on visibilitychange");
        wait.until(d -> shown().size() >= 33);
        assertEquals(range(1, 33), shown());
        assertEquals("alice", nick());
    }
}
