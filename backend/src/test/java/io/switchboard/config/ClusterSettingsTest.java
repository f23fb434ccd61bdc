package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterSettingsTest {
    private static final Duration TTL = Duration.ofSeconds(5);

    @Test
    void withoutAnAddressThereIsNoCluster() {
        assertFalse(ClusterSettings.parse(null, null, TTL, 1000).enabled());
        assertFalse(ClusterSettings.parse(" ", null, TTL, 1000).enabled());
    }

    @Test
    void readsHostPortDatabaseAndCredentials() {
        ClusterSettings plain = ClusterSettings.parse("redis://127.0.0.1", "a", TTL, 1000);
        assertEquals("127.0.0.1", plain.host());
        assertEquals(6379, plain.port());
        assertEquals(0, plain.database());
        assertNull(plain.password());

        ClusterSettings full = ClusterSettings.parse("redis://chat:s3cret@redis.lan:6380/2", "b", TTL, 1000);
        assertEquals("redis.lan", full.host());
        assertEquals(6380, full.port());
        assertEquals(2, full.database());
        assertEquals("chat", full.user());
        assertEquals("s3cret", full.password());
        assertFalse(full.toString().contains("s3cret"), full.toString());

        ClusterSettings passwordOnly = ClusterSettings.parse("redis://:pw@h:1", "c", TTL, 1000);
        assertNull(passwordOnly.user());
        assertEquals("pw", passwordOnly.password());
        assertEquals("pw", ClusterSettings.parse("redis://pw@h:1", "c", TTL, 1000).password());
    }

    @Test
    void aNodeWithoutANameGetsOne() {
        String node = ClusterSettings.parse("redis://h", null, TTL, 1000).node();
        assertTrue(node.matches("[A-Za-z0-9._-]{1,32}"), node);
    }

    @Test
    void badInputIsRefusedClearlyWithoutEchoingThePassword() {
        for (String bad : new String[] {"http://h:1", "redis://", "redis://pw@h:1/x", "redis://pw@h:1/-1", "h:6379"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClusterSettings.parse(bad, "a", TTL, 1000), bad);
            assertTrue(e.getMessage().startsWith("--cluster takes redis://"), e.getMessage());
            assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.parse("redis://h", "no spaces", TTL, 1000));
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.parse("redis://h", "a", Duration.ZERO, 1000));
    }
}
