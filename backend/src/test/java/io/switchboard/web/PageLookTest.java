package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.RelaySettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How the page looks in headless Chromium, light and dark: the theme follows the system until the
 * toggle picks one, every piece of text is readable (contrast at least 4.5:1, measured on the
 * rendered page), nothing scrolls sideways down to 360 px, and screenshots for a person to look at.
 */
@Timeout(180)
class PageLookTest {
    /**
     * Every visible element with text of its own, and every placeholder, whose contrast with the
     * background behind it is under 4.5:1 (WCAG 2 AA for normal text), as "ratio text".
     */
    private static final String LOW_CONTRAST = """
            const rgb = s => { const m = s.match(/rgba?\\(([^)]*)\\)/); if (!m) return null;
              const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return p.length === 3 ? [...p, 1] : p; };
            const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
              return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const behind = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
              if (c && c[3] > 0) return c; } return [255, 255, 255, 1]; };
            const ratio = (fg, bg) => { const a = fg[3]; const mixed = fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
              const l1 = lum(mixed), l2 = lum(bg); return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05); };
            const low = [];
            for (const el of document.querySelectorAll('body *')) {
              const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim());
              const style = getComputedStyle(el);
              if (!own || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
              const r = ratio(rgb(style.color), behind(el));
              if (r < 4.5) low.push(r.toFixed(2) + ' ' + el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 40));
            }
            for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
              const r = ratio(rgb(getComputedStyle(el, '::placeholder').color), behind(el));
              if (r < 4.5) low.push(r.toFixed(2) + ' placeholder of ' + el.name);
            }
            return low;
            """;

    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = new RunningGateway(Settings.forTests().relay(RelaySettings.parse(List.of("upper=tcp://127.0.0.1:9"),
                10, 10, Duration.ofSeconds(60))).build());
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

    private void systemTheme(String scheme) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private String theme() {
        return (String) js("return document.documentElement.dataset.theme;");
    }

    /** Text in every colour the page uses: chat of every kind, notices, errors, a mention, a link, the unread marker. */
    private void fillTheRoom(LineClient tom) throws Exception {
        for (int i = 1; i <= 25; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "backlog " + i);
        }
        browser.get("http://127.0.0.1:" + server.http() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/nick alice", Keys.ENTER);
        tom.awaitContaining("is now known as alice");
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("hello from the page", Keys.ENTER);
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/me waves", Keys.ENTER);
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/msg tom psst", Keys.ENTER);
        browser.findElement(By.cssSelector("#composer textarea")).sendKeys("/nick -bad-nick-!", Keys.ENTER);
        tom.awaitContaining("*alice* psst");
        js("document.getElementById('messages').scrollTop = 0;"); // the reader scrolls back
        tom.send("alice: the docs are at https://example.org/docs");
        for (int i = 1; i <= 8; i++) {
            tom.send("more from the terminal " + i);
        }
        wait.until(d -> d.findElement(By.id("jump")).getText().equals("9 new messages ↓"));
        // For the screenshots: the marker in view, new messages below it, the reader not at the bottom.
        js("const l = document.getElementById('messages');"
                + " l.scrollTop = document.querySelector('#messages .unread').offsetTop - 160;");
        // The measurement itself must be able to fail: a grey-on-white probe is caught.
        js("const p = document.createElement('p'); p.id = 'probe'; p.style.color = '#aaaaaa';"
                + " p.style.background = '#ffffff'; p.textContent = 'probe'; document.body.appendChild(p);");
        assertTrue(String.valueOf(js(LOW_CONTRAST)).contains("probe"), "the contrast check sees a faint probe");
        js("document.getElementById('probe').remove();");
    }

    @Test
    void theThemeFollowsTheSystemUntilTheToggleChoosesAndEveryTextIsReadableInBoth() throws Exception {
        try (LineClient tom = server.line()) {
            tom.send("/nick tom");
            tom.awaitContaining("is now known as tom");
            systemTheme("light");
            fillTheRoom(tom);
            assertEquals("light", theme());
            assertEquals(List.of(), js(LOW_CONTRAST), "light theme");
            for (String kind : new String[] {"connecting", "down"}) {
                js("document.getElementById('state').dataset.kind = '" + kind + "';");
                assertEquals(List.of(), js(LOW_CONTRAST), "light theme, connection " + kind);
            }
            js("document.getElementById('state').dataset.kind = 'up';");
            shots("light");

            systemTheme("dark");
            wait.until(d -> "dark".equals(theme()));
            assertEquals("rgb(18, 21, 28)", js("return getComputedStyle(document.documentElement).backgroundColor;"));
            assertEquals(List.of(), js(LOW_CONTRAST), "dark theme");
            for (String kind : new String[] {"connecting", "down"}) {
                js("document.getElementById('state').dataset.kind = '" + kind + "';");
                assertEquals(List.of(), js(LOW_CONTRAST), "dark theme, connection " + kind);
            }
            js("document.getElementById('state').dataset.kind = 'up';");
            shots("dark");

            // The toggle overrides the system, and the choice is remembered.
            assertEquals("true", browser.findElement(By.id("theme")).getAttribute("aria-pressed"));
            browser.findElement(By.id("theme")).click();
            assertEquals("light", theme());
            assertEquals("false", browser.findElement(By.id("theme")).getAttribute("aria-pressed"));
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            assertEquals("light", theme(), "the system says dark, the reader said light");
            browser.findElement(By.id("theme")).click();
            assertEquals("dark", theme());
        }
    }

    /** Screenshots at 1280 and 390 px; at phone widths down to 360 px nothing scrolls sideways. */
    private void shots(String theme) throws Exception {
        Path desktop = Browser.screenshot(browser, "page-" + theme + "-1280", 1280, 860);
        Path phone = Browser.screenshot(browser, "page-" + theme + "-390", 390, 844);
        assertTrue(Files.size(desktop) > 10_000 && Files.size(phone) > 10_000);
        for (int width : new int[] {390, 360}) {
            browser.manage().window().setSize(new Dimension(width, 800));
            wait.until(d -> ((Number) js("return window.innerWidth;")).intValue() <= width);
            assertEquals(Boolean.TRUE, js("return document.documentElement.scrollWidth <= window.innerWidth;"),
                    "no sideways scrolling at " + width + " px: " + js("return document.documentElement.scrollWidth;"));
        }
        browser.manage().window().setSize(new Dimension(1280, 860));
    }
}
