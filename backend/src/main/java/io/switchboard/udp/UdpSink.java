package io.switchboard.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a datagram member's output: one datagram per line, to the member's address, from the
 * endpoint's own channel (so replies come from the port the member talks to). Writes are not
 * flushed here: the endpoint flushes once per event-loop turn for every member, so the native
 * transport sends them in batches (sendmmsg).
 */
final class UdpSink implements Sink<byte[]> {
    private final Channel channel;
    private final InetSocketAddress to;
    private final Runnable written;
    private final Consumer<InetSocketAddress> paused;
    private final Runnable onClose;

    /**
     * {@code written}: asks for the endpoint's flush; {@code paused}: tells it this member waits
     * for the channel to drain; {@code onClose}: forgets the address.
     */
    UdpSink(Channel channel, InetSocketAddress to, Runnable written, Consumer<InetSocketAddress> paused,
            Runnable onClose) {
        this.channel = channel;
        this.to = to;
        this.written = written;
        this.paused = paused;
        this.onClose = onClose;
    }

    @Override
    public void write(List<byte[]> batch) {
        // One direct buffer for the batch, one slice of it per line: the native transport sends
        // direct memory as it is, where a heap buffer per line would be copied line by line.
        int size = 0;
        for (byte[] payload : batch) {
            size += payload.length;
        }
        ByteBuf all = channel.alloc().directBuffer(size);
        try {
            for (byte[] payload : batch) {
                int start = 0;
                for (int i = 0; i < payload.length; i++) {
                    if (payload[i] == '\n') {
                        send(all, payload, start, i + 1);
                        start = i + 1;
                    }
                }
                if (start < payload.length) {
                    send(all, payload, start, payload.length);
                }
            }
        } finally {
            all.release(); // each slice holds its own reference
        }
        written.run();
    }

    private void send(ByteBuf all, byte[] payload, int from, int to) {
        int at = all.writerIndex();
        all.writeBytes(payload, from, to - from);
        channel.write(new DatagramPacket(all.retainedSlice(at, to - from), this.to), channel.voidPromise());
    }

    @Override
    public boolean ready() {
        if (channel.isWritable()) {
            return true;
        }
        paused.accept(to); // the endpoint resumes this member when the channel drains
        return false;
    }

    @Override
    public void close(Ending ending, String reason) {
        onClose.run(); // no connection to close: forget the address
    }

    @Override
    public void abort() {
        onClose.run();
    }
}
