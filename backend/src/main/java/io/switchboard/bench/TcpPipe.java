package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Straight to the echo server. */
final class TcpPipe implements Pipe {
    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    TcpPipe(int port) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    @Override
    public void send(byte[] message) throws IOException {
        out.write(message);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
