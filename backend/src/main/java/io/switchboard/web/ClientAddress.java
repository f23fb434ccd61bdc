package io.switchboard.web;

import io.javalin.http.Context;
import io.switchboard.config.TrustedProxies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The one place that says where an HTTP request or a WebSocket comes from, for the connection
 * caps, the key throttle, post budgets, rosters and logs: the socket's peer, or, only when that
 * peer is a {@code --trusted-proxy}, the client it forwards for.
 *
 * <p>{@code X-Forwarded-For} is read from the right: each proxy appends the address it saw, so
 * the entries right of the first address that is not a trusted proxy were written by proxies we
 * trust, and everything left of it may be the client's own invention. The rule for garbage (an
 * entry that is no IP address, such as {@code unknown}): the walk stops there and the last
 * address it could believe stands (the proxy's, at worst), since nothing further left is known.
 */
final class ClientAddress {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String ATTRIBUTE = ClientAddress.class.getName();
    // More hops than any real chain of proxies: past this the header is someone's padding.
    private static final int MAX_HOPS = 32;

    /**
     * Where a client is.
     *
     * @param ip    its IP address, the key of every per-address cap and throttle
     * @param shown how rosters and logs show it: ip:port, or only the ip when a proxy named it
     */
    record Client(String ip, String shown) {
    }

    private final TrustedProxies proxies;

    ClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /** The client's IP address for an HTTP request (the upgrade request of a WebSocket included). */
    String ip(Context ctx) {
        return of(ctx).ip();
    }

    /** Where an HTTP request comes from; worked out once per request. */
    Client of(Context ctx) {
        Client known = ctx.attribute(ATTRIBUTE);
        if (known == null) {
            InetAddress peer = peer(ctx);
            known = peer == null ? new Client(ctx.req().getRemoteAddr(), ctx.req().getRemoteAddr())
                    : resolve(peer, ctx.req().getRemotePort(), Collections.list(ctx.req().getHeaders(FORWARDED_FOR)));
            ctx.attribute(ATTRIBUTE, known);
        }
        return known;
    }

    /** Where a WebSocket comes from, by its peer and the headers of its upgrade request. */
    Client of(Session session) {
        SocketAddress remote = session.getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return new Client(String.valueOf(remote), String.valueOf(remote));
        }
        List<String> forwarded = session.getUpgradeRequest().getHeaders(FORWARDED_FOR);
        return resolve(inet.getAddress(), inet.getPort(), forwarded == null ? List.of() : forwarded);
    }

    /**
     * Whether the browser reached us over HTTPS: this connection is, or a trusted proxy says so
     * with {@code X-Forwarded-Proto: https} (its first entry: the scheme the outermost proxy saw).
     */
    boolean secure(Context ctx) {
        if ("https".equals(ctx.scheme())) {
            return true;
        }
        String proto = ctx.header(FORWARDED_PROTO);
        if (proto == null || !proxies.trusts(peer(ctx))) {
            return false;
        }
        int comma = proto.indexOf(',');
        return (comma < 0 ? proto : proto.substring(0, comma)).strip().toLowerCase(Locale.ROOT).equals("https");
    }

    /** The socket peer of a request (Jetty may write an IPv6 one in brackets); null if it is no IP. */
    private static InetAddress peer(Context ctx) {
        String addr = ctx.req().getRemoteAddr();
        boolean bracketed = addr != null && addr.startsWith("[") && addr.endsWith("]");
        return TrustedProxies.literal(bracketed ? addr.substring(1, addr.length() - 1) : addr);
    }

    /** The peer itself, or the client a trusted peer forwards for (see the class comment). */
    Client resolve(InetAddress peer, int port, List<String> forwardedFor) {
        if (!proxies.trusts(peer)) {
            return direct(peer, port); // its headers are anyone's: ignored entirely
        }
        List<String> hops = hops(forwardedFor);
        InetAddress client = null;
        for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
            InetAddress hop = address(hops.get(i));
            if (hop == null) {
                break; // garbage: nothing to its left can be believed
            }
            client = hop;
            if (!proxies.trusts(hop)) {
                break; // the first address no trusted proxy is: the client
            }
        }
        if (client == null) {
            return direct(peer, port); // a trusted peer with nothing to say: a local admin, a health check
        }
        String ip = client.getHostAddress();
        return new Client(ip, ip);
    }

    private static Client direct(InetAddress peer, int port) {
        String ip = peer.getHostAddress();
        return new Client(ip, ip + ":" + port);
    }

    /** Every entry of every X-Forwarded-For line, in order (several lines are one list, RFC 9110). */
    private static List<String> hops(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String entry : line.split(",", -1)) {
                hops.add(entry.strip());
            }
        }
        return hops;
    }

    /** One entry as an address: 192.0.2.1, 2001:db8::1, and with a port 192.0.2.1:443 or [2001:db8::1]:443. */
    private static InetAddress address(String entry) {
        String host = entry;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !(end == host.length() - 1 || host.charAt(end + 1) == ':')) {
                return null;
            }
            host = host.substring(1, end);
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':')); // one colon: IPv4 and a port
        }
        return TrustedProxies.literal(host);
    }
}
