package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page with a keyboard alone, and with a screen reader in mind, in headless Chromium: every
 * control in reach of Tab with a visible focus ring, focus that survives the room list being
 * re-rendered, the connection state as a status, and a room's replay not read out as news.
 */
@Timeout(180)
class PageKeyboardTest {
    /** Describes the focused element and whether it shows a focus ring. */
    private static final String FOCUSED = "const e = document.activeElement; const s = getComputedStyle(e);"
            + " const name = e.id ? '#' + e.id : e.dataset.room ? 'room ' + e.dataset.room"
            + " : e.tagName.toLowerCase() + (e.name ? ' ' + e.name : '') + (e.textContent.trim() ? ' ' + e.textContent.trim().slice(0, 24).trim() : '');"
            + " return name + (s.outlineStyle !== 'none' && s.outlineWidth !== '0px' ? '' : ' (no focus ring)');";

    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = new RunningGateway();
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    private Object js(String script) {
        return browser.executeScript(script);
    }

    private String press(CharSequence... keys) {
        browser.switchTo().activeElement().sendKeys(keys);
        return (String) js(FOCUSED);
    }

    private String room() {
        return (String) js("return document.getElementById('me').dataset.room;");
    }

    /** Presses Shift+Tab until the focused element's description starts with {@code what}. */
    private void backTo(String what) {
        for (int i = 0; i < 40; i++) {
            if (press(Keys.SHIFT, Keys.TAB).startsWith(what)) {
                return;
            }
        }
        throw new AssertionError("Shift+Tab never reached " + what);
    }

    @Test
    void everythingIsInReachOfTheKeyboardAndFocusSurvivesTheRoomListBeingRedrawn() throws Exception {
        try (LineClient tom = server.line()) {
            tom.send("/nick tom");
            tom.awaitContaining("is now known as tom");
            browser.get("http://127.0.0.1:" + server.http() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            assertEquals("status", browser.findElement(By.id("state")).getAttribute("role"));
            assertEquals("send", browser.findElement(By.id("composer-text")).getAttribute("enterkeyhint"));

            // Tab through the whole page: every control comes, in reading order, each with a ring.
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String next = press(Keys.TAB);
                if (next.startsWith("body")) {
                    break; // past the last control, to the browser's own
                }
                order.add(next);
            }
            for (String seen : order) {
                assertTrue(!seen.endsWith("(no focus ring)"), order.toString());
            }
            List<String> expected = List.of("a Skip to the message box", "#theme", "room lobby", "input message",
                    "button Join", "#messages", "#composer-text", "button Send", "#attach-button");
            int at = -1;
            for (String control : expected) {
                int next = order.indexOf(control);
                assertTrue(next > at, control + " in order in " + order);
                at = next;
            }

            // The skip link goes straight to the message box; Enter sends.
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            assertEquals("a Skip to the message box", press(Keys.TAB));
            assertEquals("#composer-text", press(Keys.ENTER));
            press("typed with keys", Keys.ENTER);
            tom.awaitContaining("> typed with keys");

            // Into another room with the keyboard: the join box, then Enter.
            backTo("input message");
            press("kb", Keys.ENTER);
            wait.until(d -> "kb".equals(room()));

            // Focus on a room's button stays there when the list is redrawn (a room appears).
            backTo("room lobby");
            tom.send("/join elsewhere");
            wait.until(d -> (Boolean) js("return !!document.querySelector('#rooms button[data-room=\"elsewhere\"]');"));
            assertEquals("room lobby", js(FOCUSED));
            press(Keys.ENTER); // and it works from the keyboard
            wait.until(d -> "lobby".equals(room()));
            wait.until(d -> "room lobby".equals(js(FOCUSED)));
        }
    }

    @Test
    void aRoomsReplayIsNotReadOutButWhatArrivesAfterwardsIs() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "old news " + i);
        }
        // Before any script of the page runs: note how live #messages was when each entry arrived.
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__live = []; new MutationObserver(ms => ms.forEach(m => {"
                        + " if (m.target.id === 'messages') m.addedNodes.forEach(n => { if (n.matches && n.matches('article'))"
                        + " window.__live.push(m.target.getAttribute('aria-live') + ' ' + n.querySelector('.text').textContent); });"
                        + "})).observe(document, {childList: true, subtree: true});"));
        try (LineClient tom = server.line()) {
            browser.get("http://127.0.0.1:" + server.http() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "old news 3"));
            wait.until(d -> "polite".equals(d.findElement(By.id("messages")).getAttribute("aria-live")));
            tom.send("fresh news");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "fresh news"));
            assertEquals(List.of("off old news 1", "off old news 2", "off old news 3", "polite fresh news"),
                    js("return window.__live;"));
        }
    }
}
