package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Browsers (WebSocket, both formats) and terminals (TCP) in one room, in every direction. */
@Timeout(60)
class MixedRoomTest {
    private RunningGateway server;

    @BeforeEach
    void start() {
        server = new RunningGateway();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void jsonProgramAndTerminalSeeEachOthersMessagesJoinsNicksAndLeaves() throws Exception {
        WsClient alice = server.json("alice");
        alice.awaitType("self", e -> e.path("nick").asText().equals("alice") && e.path("room").asText().equals("lobby"));
        try (LineClient term = server.line()) {
            JsonNode joined = alice.awaitType("join", e -> e.path("via").asText().equals("tcp"));
            String guest = joined.path("nick").asText();
            assertEquals("lobby", joined.path("room").asText());
            assertEquals("native", joined.path("side").asText());
            assertTrue(joined.path("address").asText().startsWith("127.0.0.1:"));

            term.send("hi from the terminal");
            JsonNode message = alice.awaitType("message", e -> e.path("nick").asText().equals(guest));
            assertEquals("hi from the terminal", message.path("text").asText());
            assertEquals("tcp", message.path("via").asText());
            assertEquals("lobby", message.path("room").asText());
            assertFalse(message.path("id").asText().isEmpty());
            assertTrue(message.path("at").asText().endsWith("Z"));

            alice.say("hello terminal");
            term.awaitLine("<alice> hello terminal");

            term.send("/nick bob");
            JsonNode nick = alice.awaitType("nick", e -> e.path("nick").asText().equals("bob"));
            assertEquals(guest, nick.path("old").asText());

            alice.say("/nick alicia");
            term.awaitLine("-!- alice is now known as alicia");

            alice.say("/me waves");
            term.awaitLine("* alicia waves");
            term.send("/msg alicia psst");
            JsonNode whisper = alice.awaitType("private", e -> true);
            assertEquals("bob", whisper.path("from").asText());
            assertEquals("psst", whisper.path("text").asText());

            alice.close();
            term.awaitLine("-!- alicia left #lobby (connection closed)");
        }
    }

    @Test
    void terminalLeavingReachesTheBrowser() throws Exception {
        WsClient alice = server.json("alice");
        LineClient term = server.line();
        alice.awaitType("join", e -> e.path("via").asText().equals("tcp"));
        term.send("/quit bye all");
        JsonNode left = alice.awaitType("leave", e -> e.path("via").asText().equals("tcp"));
        assertEquals("quit: bye all", left.path("reason").asText());
        term.ended().get(10, TimeUnit.SECONDS);
        alice.close();
    }

    @Test
    void thePageGetsFragmentsWithEscapedTextAndASplitRoster() throws Exception {
        LineClient term = server.line();
        term.awaitContaining("welcome");
        term.send("/nick tom");
        WsClient page = server.html("pat");
        String roster = page.awaitContaining("id=\"roster-native\"");
        assertTrue(roster.contains("hx-swap-oob"), roster);
        int browsers = roster.indexOf("id=\"roster-browser\"");
        int natives = roster.indexOf("id=\"roster-native\"");
        assertTrue(browsers >= 0 && natives > browsers, roster);
        assertTrue(roster.substring(browsers, natives).contains(">pat</b>"), "pat is a browser: " + roster);
        assertTrue(roster.substring(natives).contains(">tom</b>"), "tom is a native client: " + roster);

        term.send("<script>alert('x')</script> & <b>bold</b>");
        String fragment = page.awaitContaining("alert(");
        assertTrue(fragment.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
                fragment);
        assertFalse(fragment.contains("<script>"));
        assertTrue(fragment.contains("<div id=\"messages\" hx-swap-oob=\"beforeend\">"), fragment);

        page.submit("<img src=x onerror=alert(1)>");
        term.awaitLine("<pat> <img src=x onerror=alert(1)>"); // terminals get plain text: nothing to escape
        String echoed = page.awaitContaining("onerror");
        assertTrue(echoed.contains("&lt;img src=x onerror=alert(1)&gt;"), echoed);
        page.close();
    }

    @Test
    void anAnsiClearScreenTypedInABrowserNeverReachesATerminal() throws Exception {
        LineClient term = server.line();
        WsClient page = server.html("pat");
        term.awaitContaining("pat joined");
        page.submit("\u001b[2J\u001b[H\u001b[31mgotcha\u009b2J");
        term.awaitLine("<pat> gotcha");
        assertFalse(term.seen().stream().anyMatch(line -> line.indexOf('\u001b') >= 0 || line.indexOf('\u009b') >= 0));
        page.close();
    }

    @Test
    void aMultiLineBrowserMessageReachesTerminalsAsSeveralLines() throws Exception {
        LineClient term = server.line();
        WsClient page = server.html("pat");
        term.awaitContaining("pat joined");
        page.submit("first line\nsecond line\r\nthird line");
        term.awaitLine("<pat> first line");
        term.awaitLine("<pat> second line");
        term.awaitLine("<pat> third line");
        page.close();
    }

    @Test
    void badFramesGetAClearErrorAndTheMemberStays() {
        WsClient bot = server.json("bot");
        bot.send("this is not json");
        JsonNode error = bot.awaitType("error", e -> true);
        assertTrue(error.path("text").asText().contains("{\"text\": \"hello\"}"), error.toString());
        bot.send("{\"text\": 42}");
        bot.awaitType("error", e -> true);
        bot.say("/frobnicate");
        assertTrue(bot.awaitType("error", e -> true).path("text").asText().contains("unknown command"));
        bot.say("still here");
        bot.awaitType("message", e -> e.path("text").asText().equals("still here"));
        bot.close();
    }

    @Test
    void anUnknownFormatIsRefusedWithAReason() throws Exception {
        WsClient odd = new WsClient(server.http(), "/ws?format=xml");
        assertEquals(1008, odd.closed().get(10, TimeUnit.SECONDS));
    }

    @Test
    void aTakenOrInvalidNickFromTheBrowserFallsBackToAGuestAndSaysWhy() {
        WsClient first = server.json("sam");
        first.awaitType("self", e -> true);
        WsClient second = server.json("SAM");
        JsonNode self = second.awaitType("self", e -> true);
        assertTrue(self.path("nick").asText().startsWith("guest"));
        assertTrue(second.awaitType("error", e -> true).path("text").asText().contains("nick SAM is taken"));
        first.close();
        second.close();
    }

    @Test
    void anOversizedFrameClosesWith1009() throws Exception {
        WsClient big = server.json("big");
        big.say("z".repeat(70_000));
        assertEquals(1009, big.closed().get(10, TimeUnit.SECONDS));
    }
}
