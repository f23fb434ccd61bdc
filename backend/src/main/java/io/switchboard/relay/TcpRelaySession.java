package io.switchboard.relay;

import io.switchboard.config.RelayTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay session to a TCP target: one upstream connection for one browser WebSocket.
 *
 * <p>Closing follows the stream: upstream EOF → everything read is delivered, then 1000; the
 * browser closes → upstream output is shut down (a FIN after every byte already written), what
 * upstream still sends is read and dropped for the drain time, then the socket is closed. Reading
 * to the end before closing matters: closing with unread bytes would send a reset, and a reset can
 * make the peer discard data it had not read yet.
 */
final class TcpRelaySession extends RelaySession {
    private static final Logger log = LoggerFactory.getLogger(TcpRelaySession.class);
    /** Upstream reads in flight to the browser at once: the session holds at most this many pieces. */
    static final int WINDOW = 4;

    private final Socket socket = new Socket();
    private final CompletableFuture<OutputStream> connected = new CompletableFuture<>();
    private final LineSplitter lines;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Object phase = new Object();
    private boolean browserGone; // guarded by phase
    private boolean readerDone; // guarded by phase
    private CompletableFuture<Void> lastLine;
    private final ArrayDeque<Piece> inFlight = new ArrayDeque<>(WINDOW); // the reader's only

    TcpRelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context,
            RelayCounters counters, Runnable onFinish) {
        super(target, mode, downstream, context, counters, onFinish);
        this.lines = mode == Mode.LINES ? new LineSplitter(context.frameBytes()) : null;
    }

    @Override
    protected void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()),
                    (int) context.settings().connectTimeout().toMillis());
            connected.complete(socket.getOutputStream());
        } catch (IOException e) {
            connected.complete(null);
            if (!closing.get()) {
                log.debug("relay {}: {}", target.name(), e.toString());
                fail(BAD_GATEWAY, unreachable(e));
            }
            return;
        }
        pump();
    }

    /**
     * Reads upstream until EOF with up to {@link #WINDOW} reads in flight to the browser: a read
     * goes into the next of that many buffers, and a buffer is read into again only once the
     * frame made from it is written. So the session never holds more than WINDOW pieces, and
     * the browser's side is busy while upstream is read, instead of each side waiting its turn.
     */
    private void pump() {
        boolean eof = false;
        try {
            InputStream in = socket.getInputStream();
            byte[][] buffers = new byte[WINDOW][context.chunkBytes()];
            int next = 0;
            while (true) {
                if (inFlight.size() == WINDOW && !settle(inFlight.poll())) {
                    afterBrowserClosed(); // the browser's connection broke; Jetty reports the close too
                }
                int n = in.read(buffers[next]);
                if (n < 0) {
                    break;
                }
                touch();
                if (!gone()) {
                    forward(buffers[next], n);
                }
                next = (next + 1) % WINDOW;
            }
            eof = true;
        } catch (IOException e) {
            if (!closing.get() && !gone()) {
                log.debug("relay {}: upstream read failed: {}", target.name(), e.toString());
                fail(BAD_GATEWAY, "upstream " + target.uri() + " reset the connection");
            }
        }
        while (!inFlight.isEmpty()) {
            if (!settle(inFlight.poll())) {
                afterBrowserClosed();
            }
        }
        boolean browserLeft;
        synchronized (phase) {
            readerDone = true;
            browserLeft = browserGone;
        }
        if (browserLeft || closing.get()) {
            closeSocket(); // the drain is over: upstream finished before its deadline
        } else if (eof) {
            upstreamEnded();
        }
    }

    /** Hands one upstream read to the browser without waiting for it to be written. */
    private void forward(byte[] buffer, int n) {
        int before = lines == null ? 0 : lines.pending();
        holdDown(n);
        CompletableFuture<Void> sent;
        if (lines == null) {
            sent = downstream.sendBinary(ByteBuffer.wrap(buffer, 0, n));
        } else {
            // Every line of this read is handed to Jetty at once (it keeps their order) and only the
            // last is awaited: the lines are copies, and the read's buffer is free at once.
            lastLine = CompletableFuture.completedFuture(null);
            lines.feed(buffer, 0, n, line -> lastLine = downstream.sendText(line));
            sent = lastLine;
        }
        inFlight.add(new Piece(sent, n, n + before - (lines == null ? 0 : lines.pending())));
    }

    /** Waits for a piece to be written and releases what it held; false if the browser is gone. */
    private boolean settle(Piece piece) {
        boolean ok = written(piece.sent());
        holdDown(-piece.held());
        if (ok) {
            deliveredDown(piece.bytes());
        }
        return ok;
    }

    /** One upstream read on its way to the browser: its frames' last future, its size, what it holds. */
    private record Piece(CompletableFuture<Void> sent, int bytes, int held) {
    }

    /** Upstream sent EOF: deliver the last partial line, then close 1000. Upstream stays open for writing. */
    private void upstreamEnded() {
        String rest = lines == null ? null : lines.finish();
        if (rest != null && !written(downstream.sendText(rest))) {
            return;
        }
        ending(NORMAL);
        closeDownstream(NORMAL, "upstream closed the connection");
    }

    @Override
    protected boolean appendsLineEnd() {
        return mode == Mode.LINES;
    }

    @Override
    protected void toUpstream(byte[] bytes, int off, int len) {
        OutputStream out = awaitConnected(connected);
        if (out == null) {
            return;
        }
        try {
            out.write(bytes, off, len);
            sentUp(len);
        } catch (IOException e) {
            if (!closing.get()) {
                log.debug("relay {}: upstream write failed: {}", target.name(), e.toString());
                fail(BAD_GATEWAY, "upstream " + target.uri() + " stopped taking data");
            }
        }
    }


    @Override
    protected void afterBrowserClosed() {
        boolean done;
        synchronized (phase) {
            if (browserGone) {
                return;
            }
            browserGone = true;
            done = readerDone;
        }
        OutputStream out = connected.getNow(null);
        if (out == null) {
            closeSocket(); // still connecting, or it failed: nothing to drain
            return;
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            log.debug("relay {}: shutdownOutput: {}", target.name(), e.toString());
        }
        if (done) {
            closeSocket();
        } else {
            context.timers().schedule(this::closeSocket, context.settings().drain().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void fail(int code, String reason) {
        ending(code);
        synchronized (phase) {
            browserGone = true;
        }
        closeDownstream(code, reason);
        closeSocket();
    }

    private boolean gone() {
        synchronized (phase) {
            return browserGone;
        }
    }

    private void closeSocket() {
        if (closing.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("relay {}: close: {}", target.name(), e.toString());
            }
            finish();
        }
    }
}
