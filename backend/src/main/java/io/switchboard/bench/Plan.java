package io.switchboard.bench;

import java.util.List;

/**
 * What one bench run does, validated once.
 *
 * @param scenario     fan-out chat, a join storm, or a relay echo
 * @param transports   the cycle of transports members take in turn
 * @param members      members to connect
 * @param senders      members that also send (spread over rooms and transports)
 * @param rooms        rooms the members are spread over, round robin
 * @param rate         messages a second from all senders together; 0 is full speed
 * @param window       messages a sender may have in flight (sent, not yet received by every member of its room)
 * @param size         bytes of chat text per message
 * @param warmupSeconds sending before measuring starts (counted for loss, not for rate or latency)
 * @param seconds      measured sending time
 * @param joinParallel joins in flight at once
 * @param loops        bench threads (selector loops) that carry all members
 * @param target       the gateway to drive
 */
record Plan(Scenario scenario, List<Transport> transports, int members, int senders, int rooms, int rate, int window,
        int size, double warmupSeconds, double seconds, int joinParallel, int loops, Target target) {

    /** What the bench measures. */
    enum Scenario {
        /** Members join, senders chat, everyone receives everything in its room. */
        FANOUT,
        /** Members join as fast as the gateway admits them; nobody chats. */
        JOIN_STORM,
        /**
         * WebSocket sessions echoed by a raw TCP server through /relay/NAME, then the same load
         * on plain TCP, as websockify is measured (see {@link RelayEcho}).
         */
        RELAY_ECHO
    }

    /**
     * The gateway: an external one at host and ports, or one started in this process on free
     * ports, its history in memory and its message rate raised for load.
     *
     * @param pid the external gateway's process id, to read its CPU time and memory; 0 if unknown
     */
    record Target(boolean inProcess, String host, int tcpPort, int httpPort, int udpPort, long pid) { }

    Plan {
        transports = List.copyOf(transports);
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("--transport needs at least one of tcp, ws, udp");
        }
        positive("--members", members);
        positive("--rooms", rooms);
        positive("--window", window);
        positive("--loops", loops);
        positive("--join-parallel", joinParallel);
        if (senders < 0 || senders > members) {
            throw new IllegalArgumentException("--senders must be from 0 to --members (" + members + "), not " + senders);
        }
        if (rooms > members) {
            throw new IllegalArgumentException("--rooms (" + rooms + ") cannot exceed --members (" + members + ")");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (full speed) or more, not " + rate);
        }
        if (size < 16 || size > 3000) {
            throw new IllegalArgumentException("--size must be from 16 to 3000 bytes, not " + size);
        }
        if (!(seconds > 0) || seconds > 3600 || warmupSeconds < 0 || warmupSeconds > 600) {
            throw new IllegalArgumentException("--seconds must be in (0, 3600] and --warmup in [0, 600]");
        }
    }

    /** The transport of member {@code i}. */
    Transport transportOf(int member) {
        return transports.get(member % transports.size());
    }

    /** The room index of member {@code i}. */
    int roomOf(int member) {
        return member % rooms;
    }

    /**
     * The member index of sender {@code s}: senders take the rooms in turn (sender s is in room
     * s mod rooms), and within a room they are spread evenly over its members (so over transports).
     * With one room this is member s * members / senders.
     */
    int memberOfSender(int sender) {
        int room = sender % rooms;
        int inRoom = (members - room + rooms - 1) / rooms;        // members r, r + rooms, r + 2 rooms, ...
        int sendersInRoom = (senders - room + rooms - 1) / rooms; // senders r, r + rooms, ...
        return room + rooms * (int) ((long) (sender / rooms) * inRoom / sendersInRoom);
    }

    /** A one-line description for the report. */
    String describe() {
        StringBuilder s = new StringBuilder();
        s.append(scenario.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).append(": ")
                .append(members).append(" members (").append(mixLabel()).append(")");
        if (rooms > 1) {
            s.append(" in ").append(rooms).append(" rooms");
        }
        if (scenario == Scenario.FANOUT) {
            s.append(", ").append(senders).append(" senders ")
                    .append(rate == 0 ? "at full speed" : "at " + rate + " msg/s in total")
                    .append(" (window ").append(window).append("), ").append(size).append("-byte messages, ")
                    .append(seconds).append(" s");
            if (warmupSeconds > 0) {
                s.append(" after ").append(warmupSeconds).append(" s warm-up");
            }
        }
        return s.toString();
    }

    String mixLabel() {
        StringBuilder s = new StringBuilder();
        for (Transport t : transports) {
            s.append(s.length() == 0 ? "" : ",").append(t.label());
        }
        return s.toString();
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + value);
        }
    }
}
