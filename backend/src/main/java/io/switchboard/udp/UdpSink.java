package io.switchboard.udp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.net.InetSocketAddress;
import java.util.List;

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
    private final Runnable onClose;

    /** {@code written}: asks for the endpoint's flush; {@code onClose}: forgets the address. */
    UdpSink(Channel channel, InetSocketAddress to, Runnable written, Runnable onClose) {
        this.channel = channel;
        this.to = to;
        this.written = written;
        this.onClose = onClose;
    }

    @Override
    public void write(List<byte[]> batch) {
        for (byte[] payload : batch) {
            int start = 0;
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] == '\n') {
                    send(payload, start, i + 1);
                    start = i + 1;
                }
            }
            if (start < payload.length) {
                send(payload, start, payload.length);
            }
        }
        written.run();
    }

    private void send(byte[] payload, int from, int to) {
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(payload, from, to - from), this.to),
                channel.voidPromise());
    }

    @Override
    public boolean ready() {
        return channel.isWritable();
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
