package io.switchboard.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.RelayTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay consoles' markup, and the page slot that takes it as markup while escaping everything else. */
@Timeout(10)
class RelayConsoleTest {

    @Test
    void oneConsolePerTargetAndNothingWithoutTargets() {
        assertEquals("", RelayConsole.render(List.of()));
        String html = RelayConsole.render(List.of(RelayTarget.parse("upper=tcp://127.0.0.1:7000"),
                RelayTarget.parse("echo=udp://[::1]:7")));
        assertEquals(2, html.split("<article class=\"relay\"", -1).length - 1);
        assertTrue(html.contains("data-url=\"relay/upper?mode=lines\""), html);
        assertTrue(html.contains("<code class=\"relay-target\">udp://[::1]:7</code>"), html);
        assertTrue(html.contains("<script src=\"static/relay.js\" defer></script>"), html);
    }

    @Test
    void thePageInsertsTheConsolesAsMarkupAndStillEscapesEveryOtherSlot() {
        String consoles = RelayConsole.render(List.of(RelayTarget.parse("upper=tcp://127.0.0.1:7000")));
        String page = Page.render(Map.of("htmxVersion", "2.0.10", "telnet", "telnet <b>x</b>", "nc", "nc h 1",
                "udp", "nc -u h 1", "relays", consoles));
        assertTrue(page.contains(consoles), "the consoles' markup is inserted as it is");
        assertTrue(page.contains("telnet &lt;b&gt;x&lt;/b&gt;"), "a double-brace slot is still escaped");
        assertFalse(page.contains("{{"), "every slot is filled");
    }
}
