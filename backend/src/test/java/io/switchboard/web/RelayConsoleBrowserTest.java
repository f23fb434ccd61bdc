package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.RelaySettings;
import io.switchboard.config.RelayTarget;
import io.switchboard.config.Settings;
import io.switchboard.testing.Browser;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UpperServer;
import io.switchboard.testing.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

/** The page's relay consoles in a real headless Chromium, talking to the upper-case server. */
@Timeout(180)
class RelayConsoleBrowserTest {
    private UpperServer upper;
    private RelayTarget down;
    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        upper = new UpperServer();
        down = new RelayTarget("down", RelayTarget.Transport.TCP, "127.0.0.1", Upstream.closedPort());
        server = new RunningGateway(Settings.forTests()
                .relay(RelaySettings.NONE.withTargets(List.of(upper.target("upper"), down))).build());
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        server.close();
        upper.close();
    }

    private WebElement console(String name) {
        return browser.findElement(By.cssSelector("article[data-relay='" + name + "']"));
    }

    private By state(String name) {
        return By.cssSelector("article[data-relay='" + name + "'] .relay-state");
    }

    private By log(String name) {
        return By.cssSelector("article[data-relay='" + name + "'] .relay-log");
    }

    @Test
    void theConsoleTalksToTheUpperCaseServerAndShowsStateAndCloseReasons() throws Exception {
        browser.get("http://127.0.0.1:" + server.http() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected")); // the chat is unaffected
        assertEquals("closed", browser.findElement(state("upper")).getText());
        assertEquals(0, upper.accepted(), "opening the page opens no upstream connection");
        assertTrue(console("upper").getText().contains(upper.target("upper").uri()));

        // Typing a line connects and sends it; the reply appears as its own line.
        WebElement input = console("upper").findElement(By.cssSelector("input[name='line']"));
        input.sendKeys("hello", Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(state("upper"), "open"));
        wait.until(d -> d.findElements(By.cssSelector("article[data-relay='upper'] .relay-line.in")).stream()
                .anyMatch(line -> line.getText().equals("HELLO")));
        assertEquals("hello", browser.findElement(By.cssSelector("article[data-relay='upper'] .relay-line.out"))
                .getText());

        input.sendKeys("小明 grüß <b>x</b>", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(log("upper"), "小明 GRÜSS <B>X</B>"));
        assertEquals(0L, browser.executeScript(
                "return document.querySelectorAll('.relay-log b').length;"), "replies are text, never markup");

        // A target that refuses: the console shows the close code and the gateway's reason.
        console("down").findElement(By.cssSelector(".relay-toggle")).click();
        wait.until(ExpectedConditions.textToBe(state("down"),
                "closed 1014: upstream " + down.uri() + " refused the connection"));
        assertEquals("error", browser.findElement(state("down")).getAttribute("data-kind"));

        Path desktop = Browser.screenshot(browser, "relay-desktop", 1280, 1100);
        Path phone = Browser.screenshot(browser, "relay-phone", 390, 844);
        browser.executeScript("document.querySelector('.relays').scrollIntoView();");
        Path phoneConsoles = Browser.screenshot(browser, "relay-phone-consoles", 390, 844);
        assertTrue(Files.size(desktop) > 10_000 && Files.size(phone) > 10_000 && Files.size(phoneConsoles) > 10_000);
        assertEquals(Boolean.TRUE, browser.executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1;"), "nothing overflows sideways");

        // Disconnecting closes normally, and the server sees an end of stream (its session ends).
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100));
        console("upper").findElement(By.cssSelector(".relay-toggle")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(state("upper"), "closed 1000"));
        assertEquals("closed", browser.findElement(state("upper")).getAttribute("data-kind"));
    }
}
