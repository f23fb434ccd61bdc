package io.switchboard.ops;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The hosts to print in join commands: the ones a user can reach. A wildcard bind (0.0.0.0,
 * ::) is not an address anyone can connect to, so it becomes this machine's interface
 * addresses (loopback last); {@code --public-host} wins over everything.
 */
public final class Addresses {
    private Addresses() {
    }

    /** The reachable hosts, most useful first; never empty. */
    public static List<String> reachable(String bind, String publicHost) {
        if (publicHost != null) {
            return List.of(publicHost);
        }
        boolean anyV4 = bind.equals("0.0.0.0");
        boolean any = anyV4 || bind.equals("::") || bind.equals("[::]") || bind.equals("0:0:0:0:0:0:0:0");
        if (!any) {
            return List.of(unbracketed(bind));
        }
        List<String> hosts = new ArrayList<>();
        List<String> loopback = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    boolean v6 = address instanceof Inet6Address;
                    // 0.0.0.0 listens on IPv4 only; link-local IPv6 needs a zone no one would type.
                    if ((anyV4 && v6) || address.isLinkLocalAddress()) {
                        continue;
                    }
                    String host = address.getHostAddress().replaceFirst("%.*$", "");
                    (address.isLoopbackAddress() ? loopback : hosts).add(host);
                }
            }
        } catch (SocketException e) {
            // no interface list: loopback alone is still true
        }
        hosts.addAll(loopback);
        if (hosts.isEmpty()) {
            hosts.add(anyV4 ? "127.0.0.1" : "::1");
        }
        return List.copyOf(hosts);
    }

    /** {@code host} as it goes into a URL: IPv6 addresses in brackets. */
    public static String inUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
