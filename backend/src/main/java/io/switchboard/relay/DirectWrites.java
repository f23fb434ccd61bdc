package io.switchboard.relay;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Browser bytes written to the upstream socket on the thread that has them (Jetty's, having just
 * parsed the frame) instead of handing every frame to the session's loop: no wake-up of the loop
 * and no wake-up of Jetty for the next frame, while upstream takes what it is given. Only when
 * nothing handed to the loop is still unwritten, so the bytes keep their order; what the socket
 * does not take at once (it is full, or failed) goes to the loop, which writes it when the socket
 * has room and reports a failure as it always has.
 *
 * <p>One browser frame is relayed at a time (the next is read only on demand), so at most one
 * thread writes here at once, and never while the loop has writes of this session queued.
 */
final class DirectWrites {
    private final AtomicInteger viaLoop = new AtomicInteger(); // writes handed to the loop and not done yet
    private volatile SocketChannel socket; // set once connected; null again once the session closes

    /** Upstream is connected: writes may go straight to {@code upstream}. On the loop. */
    void open(SocketChannel upstream) {
        socket = upstream;
    }

    /** The session is closing or the browser left: every write goes through the loop again. */
    void stop() {
        socket = null;
    }

    /**
     * Writes what of {@code bytes} the socket takes now and skips it in {@code bytes}; true if that
     * was all of it. False: the rest is for the loop ({@link #handOff}), in order after anything
     * handed to it before.
     */
    boolean tryWrite(ByteBuf bytes) {
        SocketChannel s = socket;
        if (s == null || viaLoop.get() != 0) {
            return false;
        }
        try {
            long n = bytes.nioBufferCount() == 1 ? s.write(bytes.nioBuffer()) : s.write(bytes.nioBuffers());
            bytes.skipBytes((int) n);
        } catch (IOException e) {
            return false; // nothing of this write went out: the loop's write fails the same way and says so
        }
        return !bytes.isReadable();
    }

    /** A write goes to the loop; direct writes wait until it is done. */
    void handOff() {
        viaLoop.incrementAndGet();
    }

    /** A write handed to the loop is done (written, failed or dropped). */
    void handedOver() {
        viaLoop.decrementAndGet();
    }
}
