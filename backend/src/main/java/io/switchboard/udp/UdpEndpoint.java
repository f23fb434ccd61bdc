package io.switchboard.udp;

import io.switchboard.config.Durations;
import io.switchboard.config.Settings;
import io.switchboard.core.Event;
import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.Outbox;
import io.switchboard.core.Peer;
import io.switchboard.core.RateLimit;
import io.switchboard.core.Side;
import io.switchboard.render.LineFormat;
import io.switchboard.runtime.Threads;
import io.switchboard.security.Guard;
import io.switchboard.security.Refusals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP endpoint. There is no connection: a member is an address that sent a datagram. The
 * first datagram admits it, every datagram keeps it alive, silence past the idle timeout
 * ends it. Every datagram may carry several lines; every line back is its own datagram.
 * Message boundaries are kept, but nothing is ordered or guaranteed, as with any datagram.
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int MAX_DATAGRAM = 65536; // more than the largest UDP payload: never truncates
    private static final int REFUSALS_REMEMBERED = 1024;
    private static final long REFUSAL_QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Settings settings;
    private final Hub hub;
    private final Guard guard;
    // Every datagram member's output goes through the one socket, so one thread writes for all of
    // them, member after member: no lock hand-offs between writers, and while it is busy each
    // member's outbox gathers a larger batch (outboxes still bound what waits, per member).
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "udp-send");
        t.setDaemon(true);
        return t;
    });
    private final Map<InetSocketAddress, Datagrammer> members = new ConcurrentHashMap<>();
    // Members per IP address, kept with every change to members: counting them by scanning all
    // members on each admission made a join storm of datagram members quadratic.
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    // Addresses recently refused (server full), so each gets one error, not one per datagram.
    private final Map<InetSocketAddress, Long> refused = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Long> eldest) {
            return size() > REFUSALS_REMEMBERED;
        }
    };
    private final UdpHandshake handshake;
    private DatagramChannel channel;
    private ScheduledExecutorService sweeper;

    /** One address's membership: its hub member, when it was last heard, its flood budget. */
    private static final class Datagrammer {
        final Member member;
        final RateLimit budget;
        volatile long lastHeard;
        boolean warned;

        Datagrammer(Member member, RateLimit budget, long now) {
            this.member = member;
            this.budget = budget;
            this.lastHeard = now;
        }
    }

    public UdpEndpoint(Settings settings, Hub hub, Guard guard) {
        this.settings = settings;
        this.hub = hub;
        this.guard = guard;
        this.handshake = new UdpHandshake(guard, this::send);
    }

    /**
     * Binds and starts receiving and expiring. No SO_REUSEADDR here: UDP has no TIME_WAIT to
     * wait out, and on Linux it would let a second gateway share the port and take its datagrams.
     */
    public void start() throws IOException {
        channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(settings.bind(), settings.udpPort()));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        Threads.daemon("udp-receive-" + port(), this::receiveLoop);
        long every = Math.max(10, Math.min(settings.udpIdle().toMillis() / 4, 5000));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "udp-expiry");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Current datagram members. */
    public int size() {
        return members.size();
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] bytes = new byte[MAX_DATAGRAM];
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                int length = buffer.remaining();
                buffer.get(bytes, 0, length);
                if (from instanceof InetSocketAddress address) {
                    received(address, bytes, length);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // One bad datagram or a bug in handling it must never stop the endpoint.
                guard.refusals().dropped(Refusals.UdpDrop.ERROR);
                log.warn("udp: datagram dropped: {}", e.toString());
            }
        }
    }

    private void received(InetSocketAddress from, byte[] bytes, int length) {
        long now = System.nanoTime();
        Datagrammer who = members.get(from);
        if (who == null || who.member.gone()) {
            if (guard.authRequired() && !handshake.admits(from, new String(bytes, 0, length, StandardCharsets.UTF_8), now)) {
                guard.refusals().dropped(Refusals.UdpDrop.UNAUTHENTICATED);
                return;
            }
            who = admit(from, now);
            if (who == null) {
                guard.refusals().dropped(Refusals.UdpDrop.REFUSED);
                return;
            }
            if (guard.authRequired()) {
                return; // the datagram was the answer to the challenge, not chat
            }
        }
        who.lastHeard = now;
        if (!who.budget.tryAcquire(now)) {
            guard.refusals().dropped(Refusals.UdpDrop.RATE);
            if (!who.warned) {
                who.warned = true;
                hub.tell(who.member, new Event.Error("slow down: at most " + settings.udpRate()
                        + " datagrams a second; the rest are dropped", Instant.now()));
            }
            return;
        }
        who.warned = false;
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8); // bad bytes become U+FFFD
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.getBytes(StandardCharsets.UTF_8).length > settings.maxLineBytes()) {
                hub.tell(who.member, new Event.Error("line too long (over " + settings.maxLineBytes()
                        + " bytes) and dropped; split it into shorter lines", Instant.now()));
            } else {
                hub.handle(who.member, line);
            }
        }
    }

    private Datagrammer admit(InetSocketAddress from, long now) {
        if (members.size() >= settings.udpMaxMembers()) {
            // Members that just left may still be saying goodbye; they no longer count.
            for (Map.Entry<InetSocketAddress, Datagrammer> e : members.entrySet()) {
                if (e.getValue().member.gone()) {
                    removeGone(e.getKey(), e.getValue());
                }
            }
            if (members.size() >= settings.udpMaxMembers()) {
                guard.refusals().refused(Refusals.Connection.UDP_MAX_MEMBERS);
                refuse(from, now, "the server has its maximum of " + settings.udpMaxMembers()
                        + " datagram members; try again later");
                return null;
            }
        }
        if (perAddress.getOrDefault(from.getAddress(), 0) >= settings.maxPerAddress()) {
            guard.refusals().refused(Refusals.Connection.UDP_MAX_PER_ADDRESS);
            refuse(from, now, "too many datagram members from " + from.getAddress().getHostAddress()
                    + " (at most " + settings.maxPerAddress() + ")");
            return null;
        }
        Outbox<byte[]> outbox = new Outbox<>(LineFormat.LF, new UdpSink(channel, from, () -> forget(from)), sender,
                settings.outboxEvents(), settings.outboxBytes());
        Peer peer = new Peer("udp", Side.NATIVE, from.getAddress().getHostAddress() + ":" + from.getPort(),
                Instant.now());
        Member member = hub.join(peer, outbox, null, null);
        if (member == null) {
            return null; // shutting down
        }
        Datagrammer who = new Datagrammer(member, new RateLimit(settings.udpRate(), settings.udpRate() * 2, now), now);
        if (members.put(from, who) == null) { // replacing a departed member of the same address counts nothing
            perAddress.merge(from.getAddress(), 1, Integer::sum);
        }
        return who;
    }

    private void refuse(InetSocketAddress from, long now, String reason) {
        synchronized (refused) {
            Long last = refused.get(from);
            if (last != null && now - last < REFUSAL_QUIET_NANOS) {
                return;
            }
            refused.put(from, now);
        }
        send(from, "-!- error: " + reason);
    }

    /** One line straight to an address that is not (yet) a member. */
    private void send(InetSocketAddress to, String line) {
        try {
            channel.send(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), to);
        } catch (IOException e) {
            log.debug("udp to {}: {}", to, e.toString());
        }
    }

    private void forget(InetSocketAddress address) {
        Datagrammer who = members.get(address);
        if (who != null && who.member.gone()) {
            removeGone(address, who);
        }
    }

    /** Removes a departed member (unless it was replaced meanwhile) and uncounts its address. */
    private void removeGone(InetSocketAddress address, Datagrammer who) {
        if (members.remove(address, who)) {
            perAddress.computeIfPresent(address.getAddress(), (ip, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void expire() {
        long cutoff = System.nanoTime() - settings.udpIdle().toNanos();
        for (Datagrammer who : members.values()) {
            if (who.lastHeard < cutoff) {
                hub.leave(who.member, "no datagram for " + Durations.human(settings.udpIdle()));
            }
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        sender.shutdown();
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("udp close: {}", e.toString());
        }
    }
}
