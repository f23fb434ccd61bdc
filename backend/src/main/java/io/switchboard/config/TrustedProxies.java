package io.switchboard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code --trusted-proxy} CIDRs: the only peers whose word about the real client is taken
 * ({@code X-Forwarded-For}/{@code -Proto} on HTTP, the PROXY protocol on the TCP port). Anyone
 * else could forge those headers, so from anyone else they mean nothing.
 */
public final class TrustedProxies {
    /** No proxy is trusted: every address is the socket's own. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private static final String OPTION = "--trusted-proxy";
    // Strict literals only: anything else must never reach InetAddress, which would look it up in DNS.
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    // Starts with a hex digit or ':' and has a ':': the JDK then parses it as a literal or throws, never resolves.
    private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false; // an IPv4 peer is never inside an IPv6 block, nor the other way round
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;
    private final List<String> cidrs;

    private TrustedProxies(List<Block> blocks, List<String> cidrs) {
        this.blocks = List.copyOf(blocks);
        this.cidrs = List.copyOf(cidrs);
    }

    /**
     * Parses each {@code --trusted-proxy} value: {@code ADDRESS/PREFIX} (IPv4 or IPv6), or a bare
     * address for that one host. Fails with a message naming the option and the bad value.
     */
    public static TrustedProxies parse(List<String> specs) {
        List<Block> blocks = new ArrayList<>();
        List<String> cidrs = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw == null ? "" : raw.strip();
            if (spec.isEmpty()) {
                continue; // "a,,b" or an empty environment variable: nothing to trust
            }
            int slash = spec.indexOf('/');
            String host = slash < 0 ? spec : spec.substring(0, slash);
            InetAddress address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException(OPTION + " takes an address range like 10.0.0.0/8, 127.0.0.1/32 or"
                        + " ::1/128, not " + spec + " (an IP address, not a host name)");
            }
            byte[] network = address.getAddress();
            int bits = network.length * 8;
            int prefix = slash < 0 ? bits : prefix(spec, spec.substring(slash + 1), bits);
            if (!hostBitsClear(network, prefix)) {
                throw new IllegalArgumentException(OPTION + " " + spec + " has bits set past its /" + prefix
                        + "; write the network itself, e.g. " + networkOf(network, prefix) + "/" + prefix);
            }
            blocks.add(new Block(network, prefix));
            cidrs.add(address.getHostAddress() + "/" + prefix);
        }
        return cidrs.isEmpty() ? NONE : new TrustedProxies(blocks, cidrs);
    }

    private static int prefix(String spec, String text, int bits) {
        int prefix;
        try {
            prefix = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(OPTION + " " + spec + ": the prefix must be a number from 1 to " + bits);
        }
        if (prefix == 0) {
            // Trusting everyone would let any client choose its own address, and so dodge every cap.
            throw new IllegalArgumentException(OPTION + " " + spec + " would trust every address, so anyone could"
                    + " claim to be anyone; name your proxies' addresses instead");
        }
        return prefix;
    }

    private static boolean hostBitsClear(byte[] address, int prefix) {
        return Arrays.equals(address, networkBytes(address, prefix));
    }

    private static byte[] networkBytes(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return network;
    }

    private static String networkOf(byte[] address, int prefix) {
        try {
            return InetAddress.getByAddress(networkBytes(address, prefix)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four or sixteen bytes are always an address
        }
    }

    /** True when {@code address} is inside one of the trusted ranges. */
    public boolean trusts(InetAddress address) {
        if (address == null || blocks.isEmpty()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** True when no proxy is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The ranges, normalised (like 10.0.0.0/8), for the banner and logs. */
    public List<String> cidrs() {
        return cidrs;
    }

    /**
     * An IP address written as a literal (dotted IPv4, or IPv6 without brackets or zone), or null
     * for anything else; never a DNS lookup. An IPv4-mapped IPv6 literal comes back as IPv4.
     */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45
                || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal by the checks above: parsed, not looked up
        } catch (UnknownHostException e) {
            return null; // like ":::" : IPv6 characters, but no address
        }
    }

    @Override
    public String toString() {
        return cidrs.isEmpty() ? "none" : String.join(",", cidrs);
    }

    /** The same proxies, written the same way (what they are compared by in settings). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies t && t.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
