package io.switchboard.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
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
import io.switchboard.runtime.Drainers;
import io.switchboard.runtime.EventLoops;
import io.switchboard.runtime.Lru;
import io.switchboard.security.Guard;
import io.switchboard.security.Refusals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP endpoint. There is no connection: a member is an address that sent a datagram. The
 * first datagram admits it, every datagram keeps it alive, silence past the idle timeout
 * ends it. Every datagram may carry several lines; every line back is its own datagram.
 * Message boundaries are kept, but nothing is ordered or guaranteed, as with any datagram.
 *
 * <p>The socket lives on one Netty event loop (native epoll: datagrams read with recvmmsg);
 * every datagram member's outbox drains on that loop (together, --write-delay after the first is
 * due), and one flush per loop turn sends what all of them wrote (sendmmsg), not a call per line.
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int MAX_DATAGRAM = 65535; // more than the largest UDP payload: never truncates
    private static final int REFUSALS_REMEMBERED = 1024;
    private static final long REFUSAL_QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
    // What waits in the channel beyond this waits in the members' outboxes, counted per member.
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Settings settings;
    private final Hub hub;
    private final Guard guard;
    private final Map<InetSocketAddress, Datagrammer> members = new ConcurrentHashMap<>();
    // Addresses recently refused (server full), so each gets one error, not one per datagram.
    private final Map<InetSocketAddress, Long> refused = new Lru<>(REFUSALS_REMEMBERED);
    // Flood budgets outlive memberships: leaving and coming back does not refill one (loop only).
    private final Map<InetSocketAddress, RateLimit> budgets = new Lru<>(4 * REFUSALS_REMEMBERED);
    private final UdpAuth auth;
    private final Strangers strangers;
    private EventLoops loops;
    private Executor drainers; // members' outboxes: the loop, with --write-delay
    private Channel channel;
    private boolean flushQueued; // loop thread only
    private final Set<InetSocketAddress> paused = new HashSet<>(); // members waiting for the channel (loop only)

    public UdpEndpoint(Settings settings, Hub hub, Guard guard) {
        this.settings = settings;
        this.hub = hub;
        this.guard = guard;
        this.auth = new UdpAuth(guard, settings.authTimeout(), this::send);
        this.strangers = new Strangers(this::send);
    }

    /**
     * Binds and starts receiving and expiring. No SO_REUSEADDR here: UDP has no TIME_WAIT to
     * wait out, and on Linux it would let a second gateway share the port and take its datagrams.
     */
    public void start() throws IOException {
        loops = new EventLoops("udp-loop", 1); // one socket: one loop
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.MAX_MESSAGES_PER_WRITE, 64)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        receivedSafely(packet);
                    }

                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        if (ctx.channel().isWritable()) {
                            resumePaused();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        log.debug("udp: {}", cause.toString()); // e.g. ICMP unreachable for a member's address
                    }
                });
        if (EventLoops.epoll()) {
            // recvmmsg: several datagrams per system call, each up to the largest UDP payload.
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * 8));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        }
        channel = loops.bind(bootstrap, new InetSocketAddress(settings.bind(), settings.udpPort()));
        drainers = new Drainers(settings.writeDelay()).on(channel.eventLoop());
        long every = Math.max(10, Math.min(settings.udpIdle().toMillis() / 4, 5000));
        channel.eventLoop().scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private void receivedSafely(DatagramPacket packet) {
        try {
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            received(packet.sender(), bytes, bytes.length);
        } catch (RuntimeException e) {
            // One bad datagram or a bug in handling it must never stop the endpoint.
            guard.refusals().dropped(Refusals.UdpDrop.ERROR);
            log.warn("udp: datagram dropped: {}", e.toString());
        }
    }

    private void received(InetSocketAddress from, byte[] bytes, int length) {
        long now = System.nanoTime();
        Datagrammer who = members.get(from);
        if (who == null || who.member.gone()) {
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            // Proof first: the HMAC answer, or (without a secret) the token echoed from an address
            // that could be forged. Until then nothing is admitted and little is answered.
            boolean proof = guard.authRequired() || settings.udpVerify().required(from.getAddress());
            if (guard.authRequired() && !auth.authenticated(from, text, now)) {
                guard.refusals().dropped(Refusals.UdpDrop.UNAUTHENTICATED);
                return;
            }
            if (!guard.authRequired() && proof && !strangers.proves(from, text, length, now)) {
                guard.refusals().dropped(Refusals.UdpDrop.UNVERIFIED);
                return;
            }
            who = admit(from, now);
            if (who == null) {
                guard.refusals().dropped(Refusals.UdpDrop.REFUSED);
                return;
            }
            if (proof) {
                return; // the datagram was the proof, not chat
            }
        }
        who.lastHeard = now;
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8); // bad bytes become U+FFFD
        for (String line : text.split("\r\n|\r|\n")) {
            // Each line costs one from the address's budget: many lines in one datagram are many messages.
            if (!who.budget.tryAcquire(now)) {
                guard.refusals().dropped(Refusals.UdpDrop.RATE);
                if (!who.warned) {
                    who.warned = true;
                    hub.tell(who.member, new Event.Error("slow down: at most " + settings.udpRate()
                            + " lines a second from one address; the rest are dropped", Instant.now()));
                }
                return;
            }
            who.warned = false;
            if (line.getBytes(StandardCharsets.UTF_8).length > settings.maxLineBytes()) {
                hub.tell(who.member, Event.Error.lineTooLong(settings.maxLineBytes()));
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
        String ip = from.getAddress().getHostAddress();
        String refusal = guard.connections().acquireDatagram(ip);
        if (refusal != null) {
            refuse(from, now, refusal);
            return null;
        }
        Outbox<byte[]> outbox = new Outbox<>(LineFormat.LF, new UdpSink(channel, from, this::flushSoon,
                paused::add, () -> forget(from)), drainers, settings.outboxEvents(), settings.outboxBytes());
        Peer peer = new Peer("udp", Side.NATIVE, from.getAddress().getHostAddress() + ":" + from.getPort(),
                Instant.now());
        Member member = hub.join(peer, outbox, null, null);
        if (member == null) {
            guard.connections().releaseDatagram(ip);
            return null; // shutting down
        }
        RateLimit budget = budgets.computeIfAbsent(from, a -> new RateLimit(settings.udpRate(), settings.udpRate() * 2, now));
        Datagrammer who = new Datagrammer(member, outbox, budget, now);
        if (members.put(from, who) != null) { // replacing a departed member of the same address counts nothing
            guard.connections().releaseDatagram(ip);
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
        send(from, LineFormat.LF.error(reason));
    }

    /** One line straight to an address that is not (yet) a member. */
    private void send(InetSocketAddress to, byte[] line) {
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(line), to), channel.voidPromise());
        flushSoon();
    }

    /** The channel drained: the members that waited for it go on. */
    private void resumePaused() {
        for (InetSocketAddress address : paused) {
            Datagrammer who = members.get(address);
            if (who != null) {
                who.outbox.resume();
            }
        }
        paused.clear();
    }

    /** One flush for everything written in this loop turn, by every member: the datagrams go out in batches. */
    private void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(() -> {
                flushQueued = false;
                channel.flush();
            });
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
            guard.connections().releaseDatagram(address.getAddress().getHostAddress());
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
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        if (loops != null) {
            loops.close();
        }
    }
}
