package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as someone keeps it open all day, in headless Chromium with a terminal user in the
 * room: input methods, scrolling, unread counts, mentions, links, focus and the keyboard.
 */
@Timeout(180)
class PageBehaviourTest {
    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private LineClient tom;

    @BeforeEach
    void start() throws Exception {
        server = new RunningGateway();
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        tom = server.line();
        tom.send("/nick tom");
        tom.awaitContaining("is now known as tom");
    }

    @AfterEach
    void stop() throws Exception {
        tom.close();
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    /** Opens the page and names its member {@code nick}. */
    private void open(String nick) {
        browser.get("http://127.0.0.1:" + server.http() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
        composer().sendKeys("/nick " + nick, Keys.ENTER);
        wait.until(d -> nick.equals(js("return document.getElementById('me').dataset.nick;")));
        tom.awaitContaining("is now known as " + nick);
    }

    private WebElement composer() {
        return browser.findElement(By.cssSelector("#composer textarea"));
    }

    private void awaitText(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), text));
    }

    @Test
    void enterWhileAnInputMethodComposesConfirmsTheTextInsteadOfSendingIt() throws Exception {
        open("alice");
        WebElement box = composer();
        box.click();
        // What an IME does: compositionstart, the text so far, then Enter to confirm it.
        js("const t = arguments[0];"
                + "t.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));"
                + "t.value = 'にほんご';"
                + "t.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: 'にほんご'}));"
                + "t.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, cancelable: true, key: 'Enter',"
                + " keyCode: 229, isComposing: true}));"
                + "t.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: 'にほんご'}));"
                // Some browsers send the confirming Enter right after compositionend, without isComposing.
                + "t.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, cancelable: true, key: 'Enter'}));", box);
        box.sendKeys(" ok");
        box.sendKeys(Keys.ENTER); // a real Enter, after the composition: this one sends
        tom.awaitLine("<alice> にほんご ok");
        assertTrue(tom.seen().stream().noneMatch(l -> l.equals("<alice> にほんご")), tom.seen().toString());
    }

    @Test
    void newMessagesWaitBelowWhileTheReaderIsScrolledUpAndTheTitleCountsThemWhileHidden() throws Exception {
        for (int i = 1; i <= 20; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "backlog line " + i + "\nwith a second line");
        }
        open("alice");
        awaitText("backlog line 20");
        assertEquals(Boolean.TRUE, js("const l = document.getElementById('messages');"
                + " return l.scrollHeight - l.scrollTop - l.clientHeight < 40;"), "starts at the bottom");
        js("document.getElementById('messages').scrollTop = 150;");
        wait.until(d -> ((Number) js("return document.getElementById('messages').scrollTop;")).intValue() == 150);
        tom.send("first new");
        tom.send("second new");
        tom.send("third new");
        awaitText("third new");
        assertEquals(150, ((Number) js("return document.getElementById('messages').scrollTop;")).intValue(),
                "the reader's place is kept");
        WebElement jump = browser.findElement(By.id("jump"));
        wait.until(d -> jump.isDisplayed() && jump.getText().equals("3 new messages ↓"));
        assertEquals("first new", js("const m = document.querySelector('#messages .unread');"
                + " return m.nextElementSibling.querySelector('.text').textContent;"), "the marker is above the first new one");
        jump.click();
        wait.until(d -> !jump.isDisplayed());
        assertEquals(Boolean.TRUE, js("const l = document.getElementById('messages');"
                + " return l.scrollHeight - l.scrollTop - l.clientHeight < 40;"));
        // At the bottom, new messages scroll into view by themselves.
        tom.send("seen at once");
        awaitText("seen at once");
        wait.until(d -> (Boolean) js("const l = document.getElementById('messages');"
                + " return l.scrollHeight - l.scrollTop - l.clientHeight < 40;"));
        assertFalse(jump.isDisplayed());
        assertEquals("Switchboard", browser.getTitle());

        // Another tab in front: the page is hidden, and its title counts what arrives.
        String page = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        tom.send("while away 1");
        tom.send("while away 2");
        wait.until(d -> titles().contains("(2) Switchboard"));
        // Back to the page: it is visible again, and the count goes.
        browser.close();
        browser.switchTo().window(page);
        wait.until(d -> "Switchboard".equals(js("return document.title;")));
        assertEquals(Boolean.FALSE, js("return document.hidden;"));
    }

    /** The titles of every tab, read without bringing any of them to the front. */
    @SuppressWarnings("unchecked")
    private List<String> titles() {
        Map<String, Object> targets = browser.executeCdpCommand("Target.getTargets", Map.of());
        return ((List<Map<String, Object>>) targets.get("targetInfos")).stream()
                .filter(t -> "page".equals(t.get("type"))).map(t -> String.valueOf(t.get("title"))).toList();
    }

    @Test
    void mentionsAreHighlightedAndLinksClickableWithNothingElseTurnedIntoMarkup() throws Exception {
        open("alice");
        tom.send("hey Alice, look");
        tom.send("malice is not a mention");
        String text = "see https://example.org/a?b=1&c=2, (https://example.org/wiki/X_(y)) javascript:alert(1)"
                + " <a href=\"https://evil.example/x\" onclick=\"window.pwned=1\">x</a> <img src=x onerror=window.pwned=1>";
        tom.send(text);
        awaitText("javascript:alert(1)");
        List<?> mentions = (List<?>) js("return Array.from(document.querySelectorAll('#messages article.mention'))"
                + ".map(a => a.querySelector('mark').textContent + '|' + a.querySelector('.text').textContent);");
        assertEquals(List.of("Alice|hey Alice, look"), mentions);

        WebElement message = browser.findElements(By.cssSelector("#messages article .text")).stream()
                .filter(e -> e.getText().startsWith("see ")).findFirst().orElseThrow();
        assertEquals(text, js("return arguments[0].textContent;", message), "every character is still there, as text");
        List<?> links = (List<?>) js("return Array.from(arguments[0].querySelectorAll('a')).map(a => a.getAttribute('href')"
                + " + ' ' + a.rel + ' ' + a.target);", message);
        assertEquals(List.of("https://example.org/a?b=1&c=2 noopener noreferrer _blank",
                "https://example.org/wiki/X_(y) noopener noreferrer _blank",
                "https://evil.example/x noopener noreferrer _blank"), links);
        assertEquals(0L, js("return arguments[0].querySelectorAll(':not(a)').length;", message), "links and nothing else");
        assertEquals(null, js("return window.pwned === undefined ? null : window.pwned;"));
    }

    @Test
    void timesAreTheReadersAndEachDayIsSeparated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Three messages on one day in UTC (the server's zone here), two days in Tokyo (UTC+9).
        java.nio.file.Path file = dir.resolve("history.db");
        io.switchboard.history.SqliteHistory history = io.switchboard.history.SqliteHistory.open(file, 100, Duration.ZERO);
        String[][] past = {{"late evening", "2025-03-09T14:00:00Z"}, {"after midnight", "2025-03-09T15:30:00Z"},
                {"small hours", "2025-03-09T16:45:00Z"}};
        for (int i = 0; i < past.length; i++) {
            history.record(new io.switchboard.core.Event.Message(i + 1, "lobby", "bot", "api", past[i][0],
                    java.time.Instant.parse(past[i][1])));
        }
        history.close(Duration.ofSeconds(5));
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        try (RunningGateway stored = new RunningGateway(io.switchboard.config.Settings.forTests()
                .history("sqlite:" + file).build())) {
            browser.get("http://127.0.0.1:" + stored.http() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            awaitText("small hours");
            List<?> times = (List<?>) js("return Array.from(document.querySelectorAll('#messages article time'))"
                    + ".map(t => t.textContent);");
            assertEquals(List.of("23:00", "00:30", "01:45"), times, "Tokyo's clock, not the server's 14:00");
            List<?> layout = (List<?>) js("return Array.from(document.querySelectorAll('#messages > .day, #messages > article'))"
                    + ".map(e => e.matches('.day') ? 'day ' + e.textContent : e.querySelector('.text').textContent);");
            assertEquals(5, layout.size(), layout.toString());
            assertTrue(String.valueOf(layout.get(0)).matches("day .*\\b9\\b.*"), layout.toString());
            assertEquals(List.of("late evening"), layout.subList(1, 2));
            assertTrue(String.valueOf(layout.get(2)).matches("day .*\\b10\\b.*"), layout.toString());
            assertEquals(List.of("after midnight", "small hours"), layout.subList(3, 5));
            String title = (String) js("return document.querySelector('#messages article time').title;");
            assertTrue(title.contains("2025") && title.contains("9"), title);
        }
    }
}
