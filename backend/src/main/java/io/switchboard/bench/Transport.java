package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ways a bench member reaches the gateway. */
enum Transport {
    TCP, WS, UDP;

    /**
     * The cycle of transports members take in turn: "tcp", "ws", "udp", "mix" (tcp,ws,udp) or a
     * comma list such as "tcp,tcp,ws".
     */
    static List<Transport> cycle(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("mix")) {
            return List.of(TCP, WS, UDP);
        }
        List<Transport> cycle = new ArrayList<>();
        for (String part : s.split(",")) {
            try {
                cycle.add(valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--transport takes tcp, ws, udp, mix or a comma list of them, not "
                        + spec);
            }
        }
        return List.copyOf(cycle);
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
