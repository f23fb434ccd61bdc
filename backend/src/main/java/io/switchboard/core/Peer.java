package io.switchboard.core;

import java.time.Instant;

/**
 * How a member reached the gateway, as the adapter that admitted it describes it.
 *
 * @param transport short transport name shown to everyone ("tcp", "udp", "ws")
 * @param side      B/S or C/S, for the page's split roster
 * @param address   remote address as "host:port" (only "host" for a client a proxy forwarded without its port)
 * @param since     when the connection was accepted
 */
public record Peer(String transport, Side side, String address, Instant since) {
}
