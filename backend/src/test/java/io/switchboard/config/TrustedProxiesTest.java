package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** --trusted-proxy values: IPv4 and IPv6 ranges, checked at start-up with an error that says what to write. */
@Timeout(10)
class TrustedProxiesTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void rangesOfBothFamiliesMatchTheirAddressesOnly() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1/32", "10.0.0.0/8", "::1/128",
                "2001:db8:40::/42", "192.0.2.7"));
        assertTrue(proxies.trusts(ip("127.0.0.1")));
        assertFalse(proxies.trusts(ip("127.0.0.2")));
        assertTrue(proxies.trusts(ip("10.255.1.2")));
        assertFalse(proxies.trusts(ip("11.0.0.1")));
        assertTrue(proxies.trusts(ip("::1")));
        assertTrue(proxies.trusts(ip("2001:db8:7f::1")), "inside the /42");
        assertFalse(proxies.trusts(ip("2001:db8:80::1")), "just past it");
        assertTrue(proxies.trusts(ip("192.0.2.7")), "a bare address is that one host");
        assertFalse(proxies.trusts(ip("192.0.2.8")));
        assertEquals(List.of("127.0.0.1/32", "10.0.0.0/8", "0:0:0:0:0:0:0:1/128", "2001:db8:40:0:0:0:0:0/42",
                "192.0.2.7/32"), proxies.cidrs());
        assertTrue(TrustedProxies.parse(List.of(" ", "")).isEmpty());
        assertFalse(TrustedProxies.NONE.trusts(ip("127.0.0.1")));
    }

    @Test
    void badValuesAreRefusedWithAClearMessage() {
        assertMessage("proxy.example.org/32", "an IP address, not a host name");
        assertMessage("10.0.0.0/33", "the prefix must be a number from 1 to 32");
        assertMessage("::1/129", "from 1 to 128");
        assertMessage("10.0.0.0/x", "the prefix must be a number");
        assertMessage("10.0.0.1/8", "write the network itself, e.g. 10.0.0.0/8");
        assertMessage("0.0.0.0/0", "would trust every address");
        assertMessage("300.1.1.1/32", "takes an address range like");
    }

    private static void assertMessage(String spec, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.parse(List.of(spec)));
        assertTrue(e.getMessage().startsWith("--trusted-proxy"), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void literalsAreParsedNeverLookedUp() {
        assertEquals("203.0.113.7", TrustedProxies.literal("203.0.113.7").getHostAddress());
        assertEquals("203.0.113.7", TrustedProxies.literal("::ffff:203.0.113.7").getHostAddress());
        assertNull(TrustedProxies.literal("localhost"));
        assertNull(TrustedProxies.literal("1.2.3"));
        assertNull(TrustedProxies.literal("01.2.3.4"));
        assertNull(TrustedProxies.literal("fe80::1%eth0"));
        assertNull(TrustedProxies.literal(":::"));
        assertNull(TrustedProxies.literal(".:"));
        assertNull(TrustedProxies.literal("1.2.3:4"));
        assertNull(TrustedProxies.literal(null));
    }
}
