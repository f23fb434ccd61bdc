package io.switchboard.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Through {@code /relay/echo}: masked binary frames out, binary frames in (RFC 6455). */
final class WsPipe implements Pipe {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] frame = new byte[14 + 65536];
    private byte[] pending = new byte[0];
    private int pendingAt;

    WsPipe(int httpPort) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65536));
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        out.write(("GET /relay/echo HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the gateway closed during the upgrade");
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("relay upgrade refused: " + head.toString().lines().findFirst().orElse(""));
        }
    }

    @Override
    public void send(byte[] message) throws IOException {
        int n = message.length;
        int at = 0;
        frame[at++] = (byte) 0x82; // FIN, binary
        if (n < 126) {
            frame[at++] = (byte) (0x80 | n);
        } else {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (n >>> 8);
            frame[at++] = (byte) n;
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[at++] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < n; i++) {
            frame[at + i] = (byte) (message[i] ^ frame[at - 4 + (i & 3)]);
        }
        out.write(frame, 0, at + n);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (pendingAt >= pending.length) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long size = b1 & 0x7F;
            if (size == 126) {
                size = in.readUnsignedShort();
            } else if (size == 127) {
                size = in.readLong();
            }
            byte[] payload = new byte[(int) size];
            in.readFully(payload);
            int opcode = b0 & 0x0F;
            if (opcode == 8) {
                return -1;
            }
            if (opcode == 2 || opcode == 0) {
                pending = payload;
                pendingAt = 0;
            }
        }
        int n = Math.min(length, pending.length - pendingAt);
        System.arraycopy(pending, pendingAt, buffer, offset, n);
        pendingAt += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
