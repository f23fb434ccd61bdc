package io.switchboard.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.config.Settings;
import io.switchboard.core.Hub;
import io.switchboard.files.Sharing;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.render.LineFormat;
import io.switchboard.runtime.Drainers;
import io.switchboard.runtime.EventLoops;
import io.switchboard.security.Guard;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP line-protocol server on Netty event loops: {@link #start} binds, each accepted
 * connection gets a slot (or one line saying why not) and a {@link TcpConnection}; {@link #close}
 * stops everything. A connection from a {@code --trusted-proxy} first has its PROXY header read
 * ({@link ProxyHeaderReader}), so that the slot and the member belong to the client it names; on
 * any other, a PROXY header is refused ({@link ProxyHeaderRefusal}).
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    private static final int BACKLOG = 512;
    // Netty's own buffer per connection stays small: what waits beyond it waits in the member's
    // outbox, where it is counted against --outbox-bytes.
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final Settings settings;
    private final Hub hub;
    private final Guard guard;
    private final Sharing sharing;
    private final ChannelGroup open = new DefaultChannelGroup("tcp", GlobalEventExecutor.INSTANCE);
    private EventLoops loops;
    private Drainers drainers; // members' outboxes, one WriteDelay per loop (--write-delay)
    private Channel server;

    public TcpListener(Settings settings, Hub hub, Guard guard, Sharing sharing) {
        this.sharing = sharing;
        this.settings = settings;
        this.hub = hub;
        this.guard = guard;
    }

    /** Binds (with SO_REUSEADDR, so a restart right after a stop works) and starts accepting. */
    public void start() throws IOException {
        loops = new EventLoops("tcp-loop");
        drainers = new Drainers(settings.writeDelay());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true) // batching happens in the outbox, not in Nagle's algorithm
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a peer's FIN still lets its last words be answered
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted(channel);
                    }
                });
        server = loops.bind(bootstrap, new InetSocketAddress(settings.bind(), settings.tcpPort()));
        log.debug("tcp: listening on {} ({})", server.localAddress(), EventLoops.transport());
    }

    private void accepted(SocketChannel channel) {
        open.add(channel);
        InetSocketAddress peer = channel.remoteAddress();
        if (settings.trustedProxies().trusts(peer.getAddress())) {
            channel.pipeline().addLast(new ProxyHeaderReader(peer, this::serve)); // serves once it knows whom
        } else {
            channel.pipeline().addLast(new ProxyHeaderRefusal(peer));
            serve(channel, peer);
        }
    }

    /** Gives {@code client} a slot and a {@link TcpConnection} on {@code channel}; false if refused (and told why). */
    private boolean serve(Channel channel, InetSocketAddress client) {
        String address = client.getAddress().getHostAddress();
        String refusal = guard.connections().acquire(address);
        if (refusal != null) {
            if (settings.logConnections()) {
                ConnectionLog.refused("tcp", address + ":" + client.getPort(), refusal);
            }
            refuse(channel, refusal);
            return false;
        }
        channel.closeFuture().addListener(f -> guard.connections().release(address));
        TcpUpload upload = new TcpUpload(sharing, hub);
        channel.closeFuture().addListener(closed -> upload.abort()); // a file under way when the connection ends is dropped
        channel.pipeline().addLast(new TcpConnection(hub, guard, settings, client, upload,
                drainers.on(channel.eventLoop())));
        return true;
    }

    /** Tells a connection why it is refused (over a cap, a PROXY header it may not send); closes once the line is out. */
    static void refuse(Channel channel, String reason) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(LineFormat.CRLF.error(reason)))
                .addListener((ChannelFutureListener) f -> ((SocketChannel) channel).shutdownOutput()
                        .addListener((ChannelFutureListener) g -> channel.close()));
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        open.close().awaitUninterruptibly();
        if (loops != null) {
            loops.close();
        }
    }
}
