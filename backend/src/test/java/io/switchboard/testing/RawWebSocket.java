package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket that reads only when told to: a browser tab that stops
 * reading (a frozen tab, a stalled network) is something OkHttp cannot play, since it always reads.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final String head;

    /** Upgrades {@code path} on the gateway's HTTP port, with a receive window of {@code window} bytes. */
    public RawWebSocket(int port, String path, int window) throws IOException {
        socket.setReceiveBufferSize(window); // set before connecting, so the window starts small
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) Waits.DEFAULT.toMillis());
        String key = Base64.getEncoder().encodeToString("switchboard-test".getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        in = new DataInputStream(socket.getInputStream());
        head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("not upgraded: " + head);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The server's answer to the upgrade: status line and headers. */
    public String head() {
        return head;
    }

    /** The next text frame's text; a close frame ends with an exception naming its code and reason. */
    public String nextText() throws IOException {
        for (;;) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)]; // the server never masks
            in.readFully(payload);
            int opcode = first & 0x0F;
            if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
            if (opcode == 0x8) {
                int code = payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
                throw new IOException("closed " + code + " "
                        + new String(payload, Math.min(2, payload.length), Math.max(0, payload.length - 2),
                        StandardCharsets.UTF_8));
            }
            // pings and anything else: not what the tests read for
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
