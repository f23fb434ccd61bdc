package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.Browser;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page's file input in a real Chromium: the file reaches a terminal byte-exact, as the page's member. */
@Timeout(180)
class PageFileTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};

    @TempDir
    Path dir;
    private RunningGateway server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = new RunningGateway(Settings.forTests()
                .files(new FileSettings(null, 1 << 20, 1 << 22, 1 << 23, Duration.ofDays(1))).build());
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
    void aFileChosenOnThePageReachesATerminalByteExactAndShowsAsACard() throws Exception {
        byte[] content = FileChecks.content(200_000, 21);
        Path file = Files.write(dir.resolve("report <1>.bin"), content);
        Path picture = Files.write(dir.resolve("dot.png"), PNG);
        try (LineClient tom = server.line("tom")) {
            browser.get("http://127.0.0.1:" + server.http() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            wait.until(d -> !d.findElement(By.id("me")).getAttribute("data-nick").isEmpty());
            String me = browser.findElement(By.id("me")).getAttribute("data-nick");

            browser.findElement(By.id("attach")).sendKeys(file.toString());
            FileChecks.Line shared = FileChecks.parse(tom.awaitContaining(me + " shared report <1>.bin"));
            assertEquals("195.3 KiB", shared.size());
            assertArrayEquals(content, FileChecks.download(shared.url()));

            WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages .file")));
            assertEquals(FileChecks.sha256(content), card.getAttribute("data-sha256"));
            WebElement link = card.findElement(By.cssSelector("a.name"));
            assertEquals("report <1>.bin", link.getText());
            assertTrue(link.getAttribute("href").startsWith("http://127.0.0.1:" + server.http() + "/files/"));
            // The page's own download link fetches the same bytes, with the page's cookie and origin.
            Object digest = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))"
                    + ".then(d => done(Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, '0')).join('')))"
                    + ".catch(e => done('failed: ' + e));", link.getAttribute("href"));
            assertEquals(FileChecks.sha256(content), digest);
            wait.until(d -> d.findElements(By.cssSelector("#uploads li")).isEmpty()); // the progress bar is gone

            // Dropped onto the chat, and pasted into the message box: the same upload.
            String made = "var bytes = new Uint8Array(70000); for (var i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 255;"
                    + "var data = new DataTransfer(); data.items.add(new File([bytes], arguments[0]));";
            browser.executeScript(made + "document.querySelector('.chat').dispatchEvent("
                    + "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));", "dropped.bin");
            browser.executeScript(made + "document.getElementById('composer-text').dispatchEvent("
                    + "new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));", "pasted.bin");
            byte[] pattern = new byte[70000];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 7);
            }
            for (String name : new String[] {"dropped.bin", "pasted.bin"}) { // the two uploads race: either may be first
                String wanted = me + " shared " + name;
                Waits.until(() -> tom.seen().stream().anyMatch(l -> l.contains(wanted)), wanted);
                String line = tom.seen().stream().filter(l -> l.contains(wanted)).findFirst().orElseThrow();
                assertArrayEquals(pattern, FileChecks.download(FileChecks.parse(line).url()), name);
            }
            assertEquals("", browser.findElement(By.id("composer-text")).getAttribute("value"),
                    "a pasted file is not text");

            browser.findElement(By.id("attach")).sendKeys(picture.toString());
            Waits.until(() -> tom.seen().stream().anyMatch(l -> l.contains(me + " shared dot.png")), "the picture");
            WebElement thumb = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#messages .file .thumb img")));
            assertEquals("dot.png", thumb.getAttribute("alt"));
            Browser.screenshot(browser, "page-files-1280", 1280, 900); // for a look, in target/screenshots/
            Browser.screenshot(browser, "page-files-390", 390, 844);
        }
    }
}
