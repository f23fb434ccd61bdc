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
 * @param target       the gateway or gateways to drive
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
     * The gateways: running ones at host and ports, or {@code nodes.size()} started in this
     * process on free ports, their history in memory and their message rate raised for load
     * (the nodes' hosts and ports are then unused). Members are dealt to the nodes in turn, see
     * {@link #nodeOfMembers}; with more than one node the nodes must share their rooms, through
     * {@code cluster} in process, or as the running nodes were started.
     *
     * @param cluster  redis://... for nodes started in process in cluster mode; null for one plain node
     * @param pids     the running gateways' process ids, to read their CPU time and memory (summed); empty if unknown
     * @param redisPid the Redis server's process id, to read its CPU time; 0 if unknown
     */
    record Target(boolean inProcess, List<Node> nodes, String cluster, List<Long> pids, long redisPid) {

        /** One gateway node's address and ports. */
        record Node(String host, int tcpPort, int httpPort, int udpPort) {

            /** Parses HOST:TCP:HTTP[:UDP] (an IPv6 host in brackets); UDP defaults to the TCP port number. */
            static Node parse(String spec) {
                String s = spec.strip();
                String host;
                String rest;
                if (s.startsWith("[") && s.indexOf(']') > 0) {
                    host = s.substring(1, s.indexOf(']'));
                    rest = s.substring(s.indexOf(']') + 1);
                } else {
                    int colon = s.indexOf(':');
                    host = colon < 0 ? s : s.substring(0, colon);
                    rest = colon < 0 ? "" : s.substring(colon);
                }
                String[] ports = rest.startsWith(":") ? rest.substring(1).split(":", -1) : new String[0];
                if (host.isEmpty() || ports.length < 2 || ports.length > 3) {
                    throw bad(spec);
                }
                int[] p = new int[3];
                for (int i = 0; i < ports.length; i++) {
                    try {
                        p[i] = Integer.parseInt(ports[i]);
                    } catch (NumberFormatException e) {
                        throw bad(spec);
                    }
                    if (p[i] < 1 || p[i] > 65535) {
                        throw bad(spec);
                    }
                }
                return new Node(host, p[0], p[1], ports.length == 3 ? p[2] : p[0]);
            }

            private static IllegalArgumentException bad(String spec) {
                return new IllegalArgumentException("--gateway takes HOST:TCP-PORT:HTTP-PORT[:UDP-PORT], e.g."
                        + " 127.0.0.1:2323:8080, not " + spec);
            }
        }

        Target {
            nodes = List.copyOf(nodes);
            pids = List.copyOf(pids);
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("--nodes must be at least 1");
            }
            if (inProcess && nodes.size() > 1 && cluster == null) {
                throw new IllegalArgumentException("--nodes " + nodes.size() + " needs --cluster redis://HOST:PORT:"
                        + " the nodes share their rooms through Redis");
            }
            if (!inProcess && cluster != null) {
                throw new IllegalArgumentException("--cluster starts nodes in this process: add --in-process (to"
                        + " drive running nodes, give --gateway HOST:TCP:HTTP[:UDP] once per node)");
            }
            if (redisPid < 0) {
                throw new IllegalArgumentException("--redis-pid must be a process id, not " + redisPid);
            }
        }

        /** One gateway: running at host and ports, or (inProcess) started here on free ports. */
        Target(boolean inProcess, String host, int tcpPort, int httpPort, int udpPort, long pid) {
            this(inProcess, List.of(new Node(host, tcpPort, httpPort, udpPort)), null,
                    pid > 0 ? List.of(pid) : List.of(), 0);
        }

        /** {@code nodes} gateways started in this process, sharing rooms through {@code cluster} (may be null for one). */
        static Target inProcess(int nodes, String cluster, long redisPid) {
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1, not " + nodes);
            }
            return new Target(true, java.util.Collections.nCopies(nodes, new Node("127.0.0.1", 0, 0, 0)), cluster,
                    List.of(), redisPid);
        }
    }

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
        if (scenario == Scenario.RELAY_ECHO) {
            // binary messages: room for the probe (time, session, sequence: 20 bytes), up to what one
            // frame with a 16-bit length carries, within the gateway's default --max-frame
            if (size < 20 || size > 65535) {
                throw new IllegalArgumentException("--size must be from 20 to 65535 bytes for relay-echo, not " + size);
            }
        } else if (size < 16 || size > 3000) {
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

    /** Gateway nodes the members are dealt to. */
    int nodes() {
        return target.nodes().size();
    }

    /**
     * The node of every member. Each room's senders take the nodes in turn (the j-th sender of
     * room r is on node (j + r) mod nodes), so every node has senders when there are enough, and
     * a room with several senders has them on several nodes; then the other members fill each
     * room's nodes evenly, so every room spans every node when it has enough members.
     */
    int[] nodeOfMembers() {
        int nodes = nodes();
        int[] node = new int[members];
        java.util.Arrays.fill(node, -1);
        int[][] count = new int[rooms][nodes];
        for (int s = 0; s < senders; s++) {
            int room = s % rooms;
            int n = (s / rooms + room) % nodes;
            node[memberOfSender(s)] = n;
            count[room][n]++;
        }
        for (int m = 0; m < members; m++) {
            if (node[m] < 0) {
                int[] inRoom = count[roomOf(m)];
                int fewest = 0;
                for (int n = 1; n < nodes; n++) {
                    fewest = inRoom[n] < inRoom[fewest] ? n : fewest;
                }
                node[m] = fewest;
                inRoom[fewest]++;
            }
        }
        return node;
    }

    /** A one-line description for the report. */
    String describe() {
        StringBuilder s = new StringBuilder();
        s.append(scenario.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).append(": ")
                .append(members).append(" members (").append(mixLabel()).append(")");
        if (rooms > 1) {
            s.append(" in ").append(rooms).append(" rooms");
        }
        if (nodes() > 1) {
            s.append(" over ").append(nodes()).append(" nodes");
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
