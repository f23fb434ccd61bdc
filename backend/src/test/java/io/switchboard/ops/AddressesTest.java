package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hosts printed in join commands are ones a user can connect to. */
class AddressesTest {

    @Test
    void aWildcardBindBecomesThisMachinesIpv4AddressesWithLoopbackLast() throws Exception {
        Set<String> mine = new HashSet<>();
        boolean external = false;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        mine.add(a.getHostAddress());
                        external |= !a.isLoopbackAddress();
                    }
                }
            }
        }
        List<String> hosts = Addresses.reachable("0.0.0.0", null);
        assertFalse(hosts.contains("0.0.0.0"), hosts.toString());
        assertTrue(mine.containsAll(hosts), hosts + " are all among " + mine);
        assertEquals("127.0.0.1", hosts.get(hosts.size() - 1), "loopback last: " + hosts);
        if (external) {
            assertTrue(hosts.size() > 1 && !hosts.get(0).startsWith("127."), "an address others can reach first: " + hosts);
        }
    }

    @Test
    void publicHostWinsAndIpv6IsBracketedInUrls() {
        assertEquals(List.of("chat.example.org"), Addresses.reachable("0.0.0.0", "chat.example.org"));
        assertEquals(List.of("::1"), Addresses.reachable("::1", null));
        assertEquals(List.of("::1"), Addresses.reachable("[::1]", null));
        assertEquals("[::1]", Addresses.inUrl("::1"));
        assertEquals("[fe80::1]", Addresses.inUrl("[fe80::1]"));
        assertEquals("192.0.2.7", Addresses.inUrl("192.0.2.7"));
        assertFalse(Addresses.reachable("::", null).contains("::"));
    }
}
