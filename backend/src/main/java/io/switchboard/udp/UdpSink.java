package io.switchboard.udp;

import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * Sends a datagram member's output: one datagram per line, to the member's address, from the
 * endpoint's own socket (so replies come from the port the member talks to).
 */
final class UdpSink implements Sink<byte[]> {
    private final DatagramChannel channel;
    private final InetSocketAddress to;
    private final Runnable onClose;

    UdpSink(DatagramChannel channel, InetSocketAddress to, Runnable onClose) {
        this.channel = channel;
        this.to = to;
        this.onClose = onClose;
    }

    @Override
    public void write(List<byte[]> batch) throws IOException {
        for (byte[] payload : batch) {
            int start = 0;
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] == '\n') {
                    channel.send(ByteBuffer.wrap(payload, start, i + 1 - start), to);
                    start = i + 1;
                }
            }
            if (start < payload.length) {
                channel.send(ByteBuffer.wrap(payload, start, payload.length - start), to);
            }
        }
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
