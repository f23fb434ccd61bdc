package io.switchboard.testing;

import io.switchboard.config.RelayTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP server the test drives by hand: it accepts one relay connection and gives the test the socket. */
public final class Upstream implements AutoCloseable {
    private final ServerSocket server = new ServerSocket();

    public Upstream() throws IOException {
        this(0);
    }

    /** With {@code receiveBuffer} > 0 the accepted socket gets that small window, to fill up fast. */
    public Upstream(int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer); // set before bind so accepted sockets inherit it
        }
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.setSoTimeout((int) Waits.DEFAULT.toMillis());
    }

    public RelayTarget target(String name) {
        return new RelayTarget(name, RelayTarget.Transport.TCP, "127.0.0.1", server.getLocalPort());
    }

    /** The next connection from the relay; fails after the default wait. */
    public Socket accept() throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout((int) Waits.DEFAULT.toMillis() * 3);
        return socket;
    }

    /** A port where nothing listens: bound, then released. */
    public static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
