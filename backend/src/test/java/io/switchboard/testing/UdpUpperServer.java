package io.switchboard.testing;

import io.switchboard.config.RelayTarget;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A datagram upper-case server: each datagram comes back upper-cased to its sender, as one datagram. */
public final class UdpUpperServer implements AutoCloseable {
    private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    private final AtomicInteger received = new AtomicInteger();

    public UdpUpperServer() throws IOException {
        Thread loop = new Thread(this::serve, "test-udp-upper");
        loop.setDaemon(true);
        loop.start();
    }

    public RelayTarget target(String name) {
        return new RelayTarget(name, RelayTarget.Transport.UDP, "127.0.0.1", socket.getLocalPort());
    }

    /** Datagrams received so far. */
    public int received() {
        return received.get();
    }

    private void serve() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                received.incrementAndGet();
                byte[] reply = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)
                        .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
