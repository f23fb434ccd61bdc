package io.switchboard.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How a WebSocket peer's address is written: "ip" for the caps, "ip:port" for rosters. */
final class Remote {
    private Remote() {
    }

    static String ip(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    static String ipAndPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? ip(address) + ":" + inet.getPort() : String.valueOf(address);
    }
}
