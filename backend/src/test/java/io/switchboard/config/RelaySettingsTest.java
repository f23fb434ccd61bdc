package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parsing {@code --relay} and its limits: good values accepted, bad ones explained, naming the option. */
@Timeout(10)
class RelaySettingsTest {

    @Test
    void tcpUdpAndIpv6TargetsParse() {
        RelayTarget vnc = RelayTarget.parse("vnc=tcp://127.0.0.1:5900");
        assertEquals(new RelayTarget("vnc", RelayTarget.Transport.TCP, "127.0.0.1", 5900), vnc);
        assertEquals("tcp://127.0.0.1:5900", vnc.uri());
        RelayTarget game = RelayTarget.parse(" game_1=UDP://game.lan:27015 ");
        assertEquals(RelayTarget.Transport.UDP, game.transport());
        assertEquals("game.lan", game.host());
        RelayTarget six = RelayTarget.parse("six=tcp://[::1]:7");
        assertEquals("::1", six.host());
        assertEquals("tcp://[::1]:7", six.uri());
    }

    @Test
    void badTargetsAreRefusedWithAMessageNamingTheOption() {
        for (String bad : new String[] {"", "vnc", "=tcp://h:1", "vnc=http://h:1", "vnc=tcp://h", "vnc=tcp://h:0",
            "vnc=tcp://h:70000", "vnc=tcp://h:1/path", "vnc=tcp://u@h:1", "vnc=tcp://h:1?x=1", "a b=tcp://h:1",
            "../x=tcp://h:1", "vnc=tcp://:1", "vnc=tcp//h:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelayTarget.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--relay"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void limitsAndDuplicatesAreChecked() {
        RelaySettings parsed = RelaySettings.parse(List.of("a=tcp://h:1", "b=udp://h:2"), 5, 2, Duration.ofSeconds(9));
        assertEquals(2, parsed.targets().size());
        assertEquals("b", parsed.target("b").orElseThrow().name());
        assertTrue(parsed.target("c").isEmpty());
        assertEquals(5, parsed.maxSessions());
        assertEquals(Duration.ofSeconds(9), parsed.idle());
        assertMessage("--relay names must be unique", () -> RelaySettings.parse(List.of("a=tcp://h:1", "a=udp://h:2"),
                5, 2, Duration.ofSeconds(9)));
        assertMessage("--relay-max-sessions", () -> RelaySettings.parse(List.of(), 0, 2, Duration.ofSeconds(9)));
        assertMessage("--relay-max-per-target", () -> RelaySettings.parse(List.of(), 5, 0, Duration.ofSeconds(9)));
        assertMessage("--relay-idle", () -> RelaySettings.parse(List.of(), 5, 2, Duration.ZERO));
    }

    private static void assertMessage(String start, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
