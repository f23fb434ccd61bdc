package io.switchboard.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Caps on simultaneous connections, in total and per remote address, shared by every way in
 * that holds a connection (TCP, WebSocket, relay), so one address cannot crowd out the rest.
 */
public final class ConnectionLimits {
    private final int total;
    private final int perAddress;
    private final Refusals refusals;
    private final Map<String, Integer> byAddress = new HashMap<>();
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
        Integer mine = byAddress.get(address);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            byAddress.remove(address);
        } else {
            byAddress.put(address, mine - 1);
        }
        open--;
    }

    /** Connections held right now. */
    public synchronized int open() {
        return open;
    }
}
