package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real headless Chromium, chatting with a raw TCP client. */
@Timeout(180)
class PageBrowserTest {
    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = new RunningGateway();
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    @Test
    void thePageAndATerminalChatAndTheRosterSplitsThem() throws Exception {
        try (LineClient tom = server.line()) {
            tom.awaitContaining("welcome");
            tom.send("/nick tom");
            tom.awaitContaining("is now known as tom");

            browser.get("http://127.0.0.1:" + server.http() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            wait.until(d -> !d.findElement(By.id("me")).getAttribute("data-nick").isEmpty());
            String me = browser.findElement(By.id("me")).getAttribute("data-nick");
            tom.awaitContaining(me + " joined #lobby (ws 127.0.0.1:");

            // The roster puts each member in its architecture's column.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roster-native"), "tom"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roster-browser"), me));
            assertFalse(browser.findElement(By.id("roster-browser")).getText().contains("tom"));
            assertFalse(browser.findElement(By.id("roster-native")).getText().contains(me));
            String entry = browser.findElement(By.cssSelector("#roster-native li")).getText();
            assertTrue(entry.matches("(?s)tom\\s+tcp\\s+127\\.0\\.0\\.1:\\d+\\s+(just now|for \\d+m)"), entry);

            // The box tells how to join from a terminal, with the real port.
            String help = browser.findElement(By.cssSelector(".native-help")).getText();
            assertTrue(help.contains("telnet 127.0.0.1 " + server.tcp()), help);
            assertTrue(help.contains("nc 127.0.0.1 " + server.tcp()), help);

            // Browser -> terminal.
            WebElement composer = browser.findElement(By.cssSelector("#composer textarea"));
            composer.sendKeys("hello from chromium", Keys.ENTER);
            tom.awaitLine("<" + me + "> hello from chromium");
            wait.until(d -> composer.getAttribute("value").isEmpty());

            // Terminal -> browser, with markup that must stay text.
            tom.send("hi page <script>window.pwned = 1</script><b>not bold</b>");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "hi page <script>window.pwned = 1</script><b>not bold</b>"));
            assertNull(browser.executeScript("return window.pwned === undefined ? null : window.pwned;"));
            assertEquals(0L, browser.executeScript("return document.querySelectorAll('#messages b:not(.nick)').length;"));

            // The wire panel shows the same message as a terminal, a datagram program and a JSON program got it.
            String wire = browser.findElement(By.id("wire")).getText();
            assertTrue(wire.contains("telnet and nc (TCP) got a text line ending in CR LF:\n"
                    + "<tom> hi page <script>window.pwned = 1</script><b>not bold</b>\\r\\n\n"), wire);
            assertTrue(wire.contains("nc -u (UDP) got a datagram, one line each, ending in LF:\n"
                    + "<tom> hi page <script>window.pwned = 1</script><b>not bold</b>\\n\n"), wire);
            assertTrue(wire.contains("\"type\":\"message\""), wire);

            // Several lines from the page: several TCP lines, and as many datagrams.
            composer.sendKeys("line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);
            tom.awaitLine("<" + me + "> line two");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("wire"), "got 2 datagrams"));
            wire = browser.findElement(By.id("wire")).getText();
            assertTrue(wire.contains("<" + me + "> line one\\n\n<" + me + "> line two\\n"), wire);

            // A nick change shows in the roster without a reload.
            tom.send("/nick thomas");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roster-native"), "thomas"));

            Path desktop = Browser.screenshot(browser, "page-desktop", 1280, 860);
            Path phone = Browser.screenshot(browser, "page-phone", 390, 844);
            assertTrue(Files.size(desktop) > 10_000 && Files.size(phone) > 10_000);
            // At phone width nothing overflows sideways.
            assertEquals(Boolean.TRUE, browser.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1;"));

            // Terminal leaves: the browser's roster loses it.
            tom.send("/quit");
            wait.until(ExpectedConditions.not(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("roster-native"), "thomas")));
        }
    }

    @Test
    void thePageShowsHistoryOnLoadAndLoadsOlderMessagesOnScrollBack() throws Exception {
        for (int i = 1; i <= 80; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "backlog " + i);
        }
        browser.get("http://127.0.0.1:" + server.http() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "backlog 80"));
        // The replay shows the last 20; scrolling back (the trigger is in view) pages in the rest.
        browser.executeScript("document.getElementById('messages').scrollTop = 0;");
        wait.until(d -> ((Number) browser.executeScript(
                "return document.querySelectorAll('#messages article').length;")).intValue() == 80);
        java.util.List<?> texts = (java.util.List<?>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#messages article .text')).map(e => e.textContent);");
        for (int i = 0; i < 80; i++) {
            assertEquals("backlog " + (i + 1), texts.get(i), "messages in order, none twice");
        }
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('#messages .older').length;"));
    }

    @Test
    void underABasePathEverythingWorksFromThePrefixLoginAndScrollBackIncluded() throws Exception {
        try (RunningGateway prefixed = new RunningGateway(io.switchboard.config.Settings.forTests()
                .secret("open sesame", Duration.ofSeconds(10)).basePath("/chat/").build())) {
            for (int i = 1; i <= 30; i++) {
                prefixed.gateway.hub().post("lobby", "bot", "api", "backlog " + i);
            }
            browser.get("http://127.0.0.1:" + prefixed.http() + "/chat"); // no slash: redirected to /chat/
            browser.findElement(By.id("key")).sendKeys("open sesame", Keys.ENTER);
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            assertEquals("http://127.0.0.1:" + prefixed.http() + "/chat/", browser.getCurrentUrl());
            // The style sheet, htmx and the socket all came from under the prefix.
            assertEquals("rgb(29, 35, 48)", browser.executeScript(
                    "return getComputedStyle(document.querySelector('.bar')).backgroundColor;"));
            browser.findElement(By.cssSelector("#composer textarea")).sendKeys("from under /chat", Keys.ENTER);
            io.switchboard.testing.Waits.until(() -> prefixed.gateway.hub().history().recent("lobby", 1, Long.MAX_VALUE)
                    .toString().contains("from under /chat"), "the page's message in the room");
            browser.executeScript("document.getElementById('messages').scrollTop = 0;");
            wait.until(d -> ((Number) browser.executeScript(
                    "return document.querySelectorAll('#messages article').length;")).intValue() == 31);
        }
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.switchboard.config.Settings.builder().basePath("chat").build()).getMessage().contains("--base-path"));
    }

    @Test
    void withASecretThePageAsksForTheKeyOnceThenChats() throws Exception {
        try (RunningGateway guarded = new RunningGateway(io.switchboard.config.Settings.forTests()
                .secret("open sesame", Duration.ofSeconds(10)).build())) {
            String url = "http://127.0.0.1:" + guarded.http() + "/";
            browser.get(url);
            browser.findElement(By.id("key")).sendKeys("wrong guess", Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".login-error"),
                    "That is not the access key."));
            browser.findElement(By.id("key")).sendKeys("open sesame", Keys.ENTER);
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            browser.get(url); // the cookie is kept: no second prompt
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            assertEquals(null, browser.executeScript("return document.cookie.includes('switchboard_session') || null;"),
                    "the session cookie is HttpOnly: page scripts cannot read it");
            Browser.screenshot(browser, "page-login-done", 1280, 860);
        }
    }
}
