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
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Netty event loops for the raw sockets: native epoll where it loads (Linux x86-64), NIO
 * otherwise; the same code on Java 17 and 21+. One loop per core: a loop never blocks, so
 * more threads would only take turns on the same cores.
 */
public final class EventLoops implements AutoCloseable {
    private static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup group;

    /** Loops named {@code name-N}, daemon threads (they never keep the JVM alive on their own). */
    public EventLoops(String name, int threads) {
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    /** As many loops as cores. */
    public EventLoops(String name) {
        this(name, Runtime.getRuntime().availableProcessors());
    }

    public EventLoopGroup group() {
        return group;
    }

    /** The server socket channel type that goes with these loops. */
    public Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket channel type that goes with these loops (the relay's upstream connections). */
    public Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The datagram channel type that goes with these loops. */
    public Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** Whether the native transport is in use (recvmmsg and sendmmsg for datagrams). */
    public static boolean epoll() {
        return EPOLL;
    }

    /** "epoll" or "nio", for the logs and the banner. */
    public static String transport() {
        return EPOLL ? "epoll" : "nio";
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
