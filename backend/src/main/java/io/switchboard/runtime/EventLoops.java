package io.switchboard.runtime;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty event loops for the raw sockets: native epoll where it loads (Linux x86-64), NIO
 * otherwise, io_uring when asked for ({@code --io-uring}) and the kernel allows it; the same code
 * on Java 17 and 21+. One loop per core: a loop never blocks, so more threads would only take
 * turns on the same cores.
 */
public final class EventLoops implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    /** The native transport in use; one for the whole process, as the natives are. */
    private enum Transport { IO_URING, EPOLL, NIO }

    private static volatile boolean ioUringWanted;
    private static volatile Transport chosen; // decided when the first loops are made

    private final EventLoopGroup group;
    private final Transport transport;

    /** Loops named {@code name-N}, daemon threads (they never keep the JVM alive on their own). */
    public EventLoops(String name, int threads) {
        this(name, threads, transport0());
    }

    private EventLoops(String name, int threads, Transport transport) {
        this.transport = transport;
        IoHandlerFactory io = switch (transport) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    /** As many loops as cores. */
    public EventLoops(String name) {
        this(name, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As many loops as cores, on the JDK's NIO whatever the process's transport: for channels that
     * another thread also writes to through their JDK socket (the relay's upstreams), whose close
     * the JDK makes safe against a write in progress (the native transports' file descriptors are not).
     */
    public static EventLoops nio(String name) {
        return new EventLoops(name, Runtime.getRuntime().availableProcessors(), Transport.NIO);
    }

    /**
     * Asks for io_uring instead of epoll ({@code --io-uring}); call before the first loops are
     * made. Where the kernel or the natives do not allow it, epoll (or NIO) is used and one log line
     * says why.
     */
    public static void preferIoUring() {
        if (chosen != null && chosen != Transport.IO_URING) {
            throw new IllegalStateException("the event loops already run on " + transport());
        }
        ioUringWanted = true;
    }

    private static synchronized Transport transport0() {
        if (chosen == null) {
            if (ioUringWanted && IoUring.isAvailable()) {
                chosen = Transport.IO_URING;
            } else {
                chosen = Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
                if (ioUringWanted) {
                    log.info("io_uring is not available here ({}); using {}", IoUring.unavailabilityCause(),
                            chosen.name().toLowerCase());
                }
            }
        }
        return chosen;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** The server socket channel type that goes with these loops. */
    public Class<? extends ServerChannel> serverChannel() {
        return switch (transport) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** The client socket channel type that goes with these loops (the relay's upstream connections). */
    public Class<? extends SocketChannel> socketChannel() {
        return switch (transport) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The datagram channel type that goes with these loops. */
    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (transport) {
            case IO_URING -> IoUringDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }

    /** Whether the epoll transport is in use (recvmmsg and sendmmsg for datagrams, with its options). */
    public static boolean epoll() {
        return transport0() == Transport.EPOLL;
    }

    /** "io_uring", "epoll" or "nio", for the logs and the banner. */
    public static String transport() {
        return transport0() == Transport.IO_URING ? "io_uring" : transport0().name().toLowerCase();
    }

    /**
     * Binds {@code bootstrap} (whose group is these loops) and waits for it; on failure the loops
     * are closed and the cause (a taken port, say) comes out as the IOException it is.
     */
    public Channel bind(AbstractBootstrap<?, ?> bootstrap, InetSocketAddress address) throws IOException {
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        return bound.channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
