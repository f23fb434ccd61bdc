package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.RelaySettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Upstream;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WebSocket upgrade answers with what the connection needs and nothing more: no HTTP session
 * cookie (the gateway keeps no sessions, and Javalin's upgrade would otherwise make one per
 * connection), while the chat and the relay behind it work as before.
 */
@Timeout(60)
class UpgradeHeadTest {

    @Test
    void aChatUpgradeSetsNoSessionCookie() throws Exception {
        try (RunningGateway server = new RunningGateway();
                RawWebSocket browser = new RawWebSocket(server.http(), "/ws?format=json&nick=plain", 1 << 16)) {
            assertNoCookie(browser.head());
            assertTrue(browser.nextText().contains("\"type\":\"self\""), "the member is in all the same");
        }
    }

    @Test
    void aRelayUpgradeSetsNoSessionCookie() throws Exception {
        try (Upstream upstream = new Upstream();
                RunningGateway server = new RunningGateway(Settings.forTests()
                        .relay(RelaySettings.NONE.withTargets(List.of(upstream.target("echo")))).build());
                RawWebSocket browser = new RawWebSocket(server.http(), "/relay/echo", 1 << 16);
                Socket upstreamSide = upstream.accept()) { // fails after the default wait if the relay never dialled
            assertNoCookie(browser.head());
        }
    }

    private static void assertNoCookie(String head) {
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertFalse(head.toLowerCase(Locale.ROOT).contains("set-cookie"), "no cookie on an upgrade:\n" + head);
        assertFalse(head.contains("JSESSIONID"), head);
    }
}
