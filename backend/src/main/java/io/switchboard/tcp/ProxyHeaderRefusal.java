package io.switchboard.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a connection that is not from a trusted proxy: if its very first bytes are a PROXY
 * protocol header, the connection is refused with an error line and closed. Read as chat, the
 * header of a proxy the operator forgot to trust would post a client's address to #lobby, and a
 * header typed by anyone else claims an address that is not theirs. Any other first bytes go on
 * to the connection untouched, and this handler leaves the pipeline.
 */
final class ProxyHeaderRefusal extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderRefusal.class);

    private final InetSocketAddress peer;
    private ByteBuf pending; // the start of a signature so far (at most a few bytes)
    private boolean refused; // whatever else arrives is the rest of that header: never chat

    ProxyHeaderRefusal(InetSocketAddress peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (refused) {
            in.release();
            return;
        }
        if (pending != null) {
            pending.writeBytes(in);
            in.release();
            in = pending;
            pending = null;
        }
        switch (ProxySignature.of(in)) {
            case NOT_A_HEADER -> passOn(ctx, in);
            case HEADER -> {
                in.release();
                refused = true;
                String ip = peer.getAddress().getHostAddress();
                log.warn("tcp {}:{}: sent a PROXY protocol header but is not a --trusted-proxy; refused", ip,
                        peer.getPort());
                TcpListener.refuse(ctx.channel(), "PROXY protocol header refused: " + ip
                        + " is not a trusted proxy of this gateway (its operator can add it with --trusted-proxy)");
            }
            case UNDECIDED -> {
                pending = ctx.alloc().buffer(in.readableBytes() * 2);
                pending.writeBytes(in);
                in.release();
            }
        }
    }

    /** The peer closed its side while its few bytes were undecided: they are its input after all. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (pending != null && !refused) {
            ByteBuf rest = pending;
            pending = null;
            passOn(ctx, rest);
        }
        ctx.fireUserEventTriggered(event);
    }

    private void passOn(ChannelHandlerContext ctx, ByteBuf in) {
        ctx.fireChannelRead(in);
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
