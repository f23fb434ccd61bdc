package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.StrandingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium when the network drops without a proper close: the gateway is
 * left holding a connection that will never speak again. Whichever side notices first, the page
 * comes back as the same nick with nothing missed.
 */
@Timeout(180)
class PageNetworkDropTest {
    private RunningGateway server;
    private StrandingProxy proxy;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private LineClient tom;

    private void start() throws Exception {
        server = new RunningGateway();
        proxy = new StrandingProxy(server.http());
        tom = server.line();
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty(PageHeartbeat.PERIOD_PROPERTY);
        if (browser != null) {
            browser.quit();
        }
        tom.close();
        proxy.close();
        server.close();
    }

    private void open(String nick) {
        browser.get("http://127.0.0.1:" + proxy.port() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/nick " + nick, Keys.ENTER);
        tom.awaitContaining("is now known as " + nick);
    }

    private String nick() {
        return (String) browser.executeScript("return document.getElementById('me').dataset.nick;");
    }

    private long named(String nick) {
        return server.gateway.hub().members("lobby").stream().filter(m -> m.nick().equals(nick)).count();
    }

    @SuppressWarnings("unchecked")
    private List<String> shown() {
        return new ArrayList<>((List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#messages article[data-id] .text')).map(e => e.textContent);"));
    }

    private void post(int from, int to) {
        for (int i = from; i <= to; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "m" + i);
        }
    }

    @Test
    void theBrowserNoticesFirstAndTakesOverTheConnectionTheGatewayStillHolds() throws Exception {
        start(); // the gateway's heartbeat is 15 s: it holds the dead connection for most of a minute
        open("alice");
        post(1, 3);
        wait.until(d -> shown().size() == 3);

        proxy.strand(true); // the browser sees its connection go; the gateway sees nothing
        post(4, 6);
        wait.until(d -> shown().size() >= 6 && "connected".equals(d.findElement(By.id("state")).getText()));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6"), shown());
        assertEquals("alice", nick(), "the nick the gateway still held came back with the page");
        tom.awaitLine("-!- alice left #lobby (reconnected)");
        tom.awaitContaining("alice joined #lobby");
        assertEquals(1, named("alice"));
    }

    @Test
    void aConnectionGoneSilentIsGivenUpByTheGatewayAndLeftByThePage() throws Exception {
        System.setProperty(PageHeartbeat.PERIOD_PROPERTY, "300");
        start();
        open("bob");
        post(1, 2);
        wait.until(d -> shown().size() == 2);

        proxy.strand(false); // nobody hears anything, nobody is told
        post(3, 4);
        // The gateway gives up after three silent periods, freeing the nick...
        tom.awaitLine("-!- bob left #lobby (connection lost (no answer for a while))");
        // ...and the page, hearing no heartbeat for four, drops the connection itself and comes back.
        // (its reconnect backs off with jitter, up to 15 s a step when the machine is slow)
        tom.awaitContaining("bob joined #lobby", Duration.ofSeconds(40));
        wait.until(d -> shown().size() >= 4 && "connected".equals(d.findElement(By.id("state")).getText()));
        assertEquals(List.of("m1", "m2", "m3", "m4"), shown());
        assertEquals("bob", nick());
        assertEquals(1, named("bob"));
    }
}
