package io.switchboard.security;

import java.util.HashMap;
import java.util.Map;

/**
 * The one accountant of slots for every way in: connections (TCP, WebSocket, relay) in total and
 * per remote address, and datagram members per address (they hold no connection, so they have a
 * count of their own under the same per-address cap), so one address cannot crowd out the rest.
 */
public final class ConnectionLimits {
    private final int total;
    private final int perAddress;
    private final Refusals refusals;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private final Map<String, Integer> datagramsByAddress = new HashMap<>();
    private int open;

    public ConnectionLimits(int total, int perAddress) {
        this(total, perAddress, new Refusals());
    }

    /** Caps that count each refusal in {@code refusals}. */
    public ConnectionLimits(int total, int perAddress, Refusals refusals) {
        this.total = total;
        this.perAddress = perAddress;
        this.refusals = refusals;
    }

    /** Takes a slot for {@code address}: null when granted, otherwise why not (to tell the client). */
    public synchronized String acquire(String address) {
        if (open >= total) {
            refusals.refused(Refusals.Connection.MAX_CONNECTIONS);
            return "the server has its maximum of " + total + " connections; try again later";
        }
        int mine = byAddress.getOrDefault(address, 0);
        if (mine >= perAddress) {
            refusals.refused(Refusals.Connection.MAX_PER_ADDRESS);
            return "too many connections from " + address + " (at most " + perAddress + "); close one first";
        }
        byAddress.put(address, mine + 1);
        open++;
        return null;
    }

    /** Gives back a slot taken with {@link #acquire}. */
    public synchronized void release(String address) {
        if (giveBack(byAddress, address)) {
            open--;
        }
    }

    /** Takes a datagram member's place for {@code address}: null when granted, otherwise why not. */
    public synchronized String acquireDatagram(String address) {
        int mine = datagramsByAddress.getOrDefault(address, 0);
        if (mine >= perAddress) {
            refusals.refused(Refusals.Connection.UDP_MAX_PER_ADDRESS);
            return "too many datagram members from " + address + " (at most " + perAddress + ")";
        }
        datagramsByAddress.put(address, mine + 1);
        return null;
    }

    /** Gives back a place taken with {@link #acquireDatagram}. */
    public synchronized void releaseDatagram(String address) {
        giveBack(datagramsByAddress, address);
    }

    private static boolean giveBack(Map<String, Integer> counts, String address) {
        Integer mine = counts.get(address);
        if (mine == null) {
            return false;
        }
        if (mine <= 1) {
            counts.remove(address);
        } else {
            counts.put(address, mine - 1);
        }
        return true;
    }

    /** Connections held right now. */
    public synchronized int open() {
        return open;
    }
}
