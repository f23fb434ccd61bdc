package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.MemberInfo;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a page relies on to come back after a lost connection, over real WebSockets: its resume
 * token takes over the member the server still holds, {@code since} replays exactly what it
 * missed, and a page that stops answering heartbeats is given up so its nick is free.
 */
@Timeout(60)
class ResumeTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private RunningGateway server;

    @AfterEach
    void stop() {
        System.clearProperty(PageHeartbeat.PERIOD_PROPERTY);
        if (server != null) {
            server.close();
        }
    }

    private boolean present(String nick) {
        List<MemberInfo> members = server.gateway.hub().members("lobby");
        return members != null && members.stream().anyMatch(m -> m.nick().equals(nick));
    }

    @Test
    void theResumeTokenTakesOverTheConnectionTheServerStillHolds() {
        server = new RunningGateway();
        WsClient lingering = server.html("alice&resume=" + TOKEN);
        lingering.awaitContaining("data-nick=\"alice\"");
        // The same page on a new connection: without the token the nick would be taken.
        try (WsClient back = server.html("alice&resume=" + TOKEN)) {
            back.awaitContaining("data-nick=\"alice\"");
            assertFalse(back.seen().stream().anyMatch(f -> f.contains("is taken")), back.seen().toString());
            assertNotNull(lingering.closed().orTimeout(10, TimeUnit.SECONDS).join());
            assertEquals(1, server.gateway.hub().members("lobby").stream().filter(m -> m.nick().equals("alice")).count());
        }
        // Someone else's token takes nothing over: the nick stays with its holder.
        try (WsClient holder = server.html("bob&resume=" + TOKEN.replace('0', 'x'));
                WsClient thief = server.html("bob&resume=" + TOKEN.replace('0', 'y'))) {
            thief.awaitContaining("nick bob is taken");
            assertFalse(holder.closed().isDone());
        }
    }

    @Test
    void sinceReplaysExactlyTheMessagesAfterTheLastOneSeen() {
        server = new RunningGateway();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ids.add(server.gateway.hub().post("lobby", "bot", "api", "m" + i).message().id());
        }
        // More than the usual replay of 20 were missed: all of them come, none before.
        try (WsClient back = new WsClient(server.http(), "/ws?format=json&nick=carol&room=lobby&since=" + ids.get(4))) {
            JsonNode history = back.awaitType("history", e -> true);
            assertTrue(history.path("resumed").asBoolean(), history.toString());
            List<String> texts = new ArrayList<>();
            history.path("events").forEach(e -> texts.add(e.path("text").asText()));
            List<String> expected = new ArrayList<>();
            for (int i = 6; i <= 30; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, texts);
        }
        // The page's HTML for it adds to what the page shows instead of replacing it.
        try (WsClient page = new WsClient(server.http(), "/ws?format=html&nick=dora&room=lobby&since=" + ids.get(28))) {
            String frame = page.awaitContaining("m30");
            assertFalse(frame.contains("m29"), frame);
            assertTrue(frame.contains("<div id=\"messages\" hx-swap-oob=\"beforeend\"><article class=\"msg\" data-id=\""
                    + ids.get(29) + "\""), frame);
        }
        // Back from further than the room's memory reaches: no pretending, the usual replay instead.
        for (int i = 31; i <= 250; i++) {
            server.gateway.hub().post("lobby", "bot", "api", "m" + i);
        }
        try (WsClient late = new WsClient(server.http(), "/ws?format=json&nick=fred&room=lobby&since=" + ids.get(4))) {
            JsonNode history = late.awaitType("history", e -> true);
            assertFalse(history.path("resumed").asBoolean(), history.toString());
            assertEquals(20, history.path("events").size());
            assertEquals("m250", history.path("events").get(19).path("text").asText());
        }
        // A newcomer still gets the usual replay, which replaces the list.
        try (WsClient fresh = server.html("erin")) {
            String frame = fresh.awaitContaining("m250");
            assertTrue(frame.contains("<div id=\"messages\" hx-swap-oob=\"innerHTML\">"), frame);
            assertFalse(frame.contains(">m230<"), frame);
        }
    }

    @Test
    void aPageThatStopsAnsweringHeartbeatsIsGivenUpAndItsNickFreed() throws Exception {
        System.setProperty(PageHeartbeat.PERIOD_PROPERTY, "200");
        server = new RunningGateway();
        try (WsClient answering = server.html("alive"); WsClient dead = server.html("ghost")) {
            // A page that answers stays through many periods (three silent ones would drop it).
            for (int beat = 0; beat < 12; beat++) {
                answering.awaitContaining(PageHeartbeat.FRAME + " 200-->");
                answering.send("{\"heartbeat\":true}");
            }
            assertTrue(present("alive"));
            // The one that never answered is gone, and its nick can be had at once.
            Waits.until(() -> !present("ghost"), "the silent page to be given up");
            assertNotNull(dead.closed().orTimeout(10, TimeUnit.SECONDS).join());
            try (LineClient tom = server.line()) {
                tom.send("/nick ghost");
                tom.awaitContaining("is now known as ghost");
            }
        }
    }
}
