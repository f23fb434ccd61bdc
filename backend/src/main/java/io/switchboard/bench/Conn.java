package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One bench member on one {@link Loop}: a non-blocking connection that joins a room, counts
 * every probe it receives per sender (for loss and order) and, if it is a sender, sends probes
 * within its window. Everything here runs on the loop's thread only, so nothing is locked.
 */
abstract class Conn {
    final Loop loop;
    final int room;
    final int node;    // the gateway node it connects to
    final int[] got;   // probes received, per sender
    final int[] next;  // the sequence number expected next, per sender
    long reordered;
    int errors;
    String firstError;
    boolean ready;
    boolean failed;
    long joinStarted;
    long joinRetryAt;
    SelectionKey key;

    // Sender role (sender < 0: receives only).
    int sender = -1;
    int sent;
    int sentMeasured; // sent after the warm-up
    int inflight;
    long nextDue = Long.MAX_VALUE; // set when this loop starts the senders: a tick before that sends nothing
    long lagMax;

    private ByteBuffer out;
    private byte[] carry;
    private int carryLength;

    Conn(Loop loop, int room, int node, int senders) {
        this.loop = loop;
        this.room = room;
        this.node = node;
        this.got = new int[senders];
        this.next = new int[senders];
    }

    /** Starts connecting (non-blocking) and registers with the loop's selector. */
    abstract void open() throws IOException;

    /** The connection is up: say what joins the room. */
    abstract void connected() throws IOException;

    /** Parses complete units (lines, frames) from {@code bytes[from, to)}; returns where the unparsed rest begins. */
    abstract int consume(byte[] bytes, int from, int to) throws IOException;

    /** Appends one chat message in the transport's framing to the output. */
    abstract void frame(byte[] text) throws IOException;

    /** Read readiness: read once, then parse whatever is complete, keeping a partial unit for next time. */
    void readable() throws IOException {
        ByteBuffer buffer = loop.buffer(carryLength * 2 + 4096);
        if (carryLength > 0) {
            buffer.put(carry, 0, carryLength);
        }
        int n = ((SocketChannel) key.channel()).read(buffer);
        loop.now = System.nanoTime(); // after the read: nothing in it can have been sent later
        if (n < 0) {
            fail("the gateway closed the connection");
            return;
        }
        byte[] bytes = buffer.array();
        int end = buffer.position();
        int rest = consume(bytes, 0, end);
        carryLength = end - rest;
        if (carryLength > 0) {
            if (carry == null || carry.length < carryLength) {
                carry = new byte[Math.max(carryLength, 256)];
            }
            System.arraycopy(bytes, rest, carry, 0, carryLength);
        }
        flush();
    }

    /** One complete text unit (a line, a text frame): a probe, or a sign of readiness or trouble. */
    final void unit(byte[] bytes, int from, int to) throws IOException {
        Probe probe = loop.probe;
        if (probe.parse(bytes, from, to)) {
            received(probe);
        } else if (!ready && isReady(bytes, from, to)) {
            ready = true;
            loop.joined(this);
        } else if (isError(bytes, from, to)) {
            errors++;
            if (firstError == null) {
                firstError = new String(bytes, from, Math.min(to - from, 200), StandardCharsets.UTF_8);
            }
        }
    }

    /** Whether this unit says the member is now in its room. */
    abstract boolean isReady(byte[] bytes, int from, int to);

    /** Whether this unit is an error from the gateway (a failed run, whatever it says). */
    abstract boolean isError(byte[] bytes, int from, int to);

    private void received(Probe probe) throws IOException {
        int s = probe.sender;
        if (s < 0 || s >= got.length) {
            return; // not this run's sender: ignore
        }
        got[s]++;
        if (probe.seq != next[s]) {
            reordered++;
        }
        next[s] = probe.seq + 1;
        loop.delivered(probe.nanos);
        loop.arrived(s, probe.seq);
    }

    /** Every member of the room has one of this sender's messages: its window slot is free. */
    final void acked() {
        inflight--;
        if (loop.run.fullSpeed() && !failed) {
            try {
                sendWhileOpen(loop.now);
                flush();
            } catch (IOException e) {
                fail(e.toString());
            }
        }
    }

    /** Full speed: tops the window up. */
    final void sendWhileOpen(long now) throws IOException {
        while (inflight < loop.run.window() && loop.run.sending()) {
            send(now);
        }
    }

    /** At a fixed rate: sends what is due and fits in the window; remembers how late the schedule runs. */
    final void sendDue(long now, long interval) throws IOException {
        while (nextDue <= now && loop.run.sending()) {
            if (inflight >= loop.run.window()) {
                lagMax = Math.max(lagMax, now - nextDue);
                return;
            }
            send(now);
            nextDue += interval;
        }
    }

    private void send(long now) throws IOException {
        loop.run.flight(sender).sent(sent);
        frame(Probe.text(sender, sent, now, loop.run.size()));
        sent++;
        inflight++;
        if (now >= loop.run.measureFrom()) {
            sentMeasured++;
        }
    }

    // --- output -----------------------------------------------------------------------------

    /** Room in the output buffer for {@code bytes} more bytes. */
    final ByteBuffer out(int bytes) {
        if (out == null) {
            out = ByteBuffer.allocate(Math.max(1024, bytes));
        } else if (out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        return out;
    }

    /** Writes what is pending; what the socket does not take waits for write readiness. */
    void flush() throws IOException {
        if (out == null || out.position() == 0 || failed) {
            return;
        }
        out.flip();
        ((SocketChannel) key.channel()).write(out);
        out.compact();
        boolean more = out.position() > 0;
        int ops = more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
        if (!more && sender < 0) {
            out = null; // receivers only ever wrote their join: give the memory back
        }
    }

    /** Connect readiness. */
    final void finishConnect() throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        if (channel.finishConnect()) {
            key.interestOps(SelectionKey.OP_READ);
            connected();
            flush();
        }
    }

    /** A non-blocking TCP connection to {@code to}, registered for connect readiness. */
    final void connect(InetSocketAddress to) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
            if (channel.connect(to)) {
                finishConnect();
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Gives up on this member, with why; counted once. */
    final void fail(String reason) {
        if (failed) {
            return;
        }
        failed = true;
        errors++;
        if (firstError == null) {
            firstError = reason;
        }
        close();
        loop.failed(this);
    }

    final void close() {
        if (key != null) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
