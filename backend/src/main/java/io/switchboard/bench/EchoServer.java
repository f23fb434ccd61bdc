package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A thread-per-connection TCP echo server on loopback. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket();

    EchoServer() throws IOException {
        server.bind(new InetSocketAddress("127.0.0.1", 0), 512);
        Thread accept = new Thread(this::accept, "bench-echo-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread t = new Thread(() -> echo(socket), "bench-echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the session ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
