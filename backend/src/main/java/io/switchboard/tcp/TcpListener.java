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
import io.switchboard.runtime.EventLoops;
import io.switchboard.security.Guard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP line-protocol server on Netty event loops: {@link #start} binds, each accepted
 * connection gets a slot (or one line saying why not) and a {@link TcpConnection}; {@link #close}
 * stops everything.
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
        String address = channel.remoteAddress().getAddress().getHostAddress();
        String refusal = guard.connections().acquire(address);
        if (refusal != null) {
            if (settings.logConnections()) {
                ConnectionLog.refused("tcp", address + ":" + channel.remoteAddress().getPort(), refusal);
            }
            refuse(channel, refusal);
            return;
        }
        open.add(channel);
        channel.closeFuture().addListener(f -> guard.connections().release(address));
        TcpUpload upload = new TcpUpload(sharing, hub);
        channel.closeFuture().addListener(closed -> upload.abort()); // a file under way when the connection ends is dropped
        channel.pipeline().addLast(new TcpConnection(hub, guard, settings, upload));
    }

    /** Tells a connection over the caps why, and closes it once the line is out. */
    private static void refuse(SocketChannel channel, String reason) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(("-!- error: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .addListener((ChannelFutureListener) f -> channel.shutdownOutput()
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
