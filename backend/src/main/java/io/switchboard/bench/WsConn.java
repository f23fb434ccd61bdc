package io.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A program on the JSON WebSocket ({@code /ws?format=json&room=R}), spoken directly on the
 * loop's socket: the upgrade request, masked text frames out, server frames in (RFC 6455).
 * A client library would put a thread hop and a callback per message between the socket and
 * the count; here every member of every transport shares the same few loops, so the bench's
 * own cost stays small and comparable across transports.
 */
final class WsConn extends Conn {
    private static final byte[] READY = "\"type\":\"roster\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPEN = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int TEXT = 1;
    private static final int CONTINUATION = 0;
    private static final int CLOSE_FRAME = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    private boolean upgraded;
    private int maskKey; // of the frame being written
    private ByteArrayOutputStream fragments; // a text message split over frames (rare)

    WsConn(Loop loop, int room, int node, int senders) {
        super(loop, room, node, senders);
    }

    @Override
    void open() throws IOException {
        connect(loop.run.http(node));
    }

    @Override
    void connected() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws?format=json&room=" + loop.run.roomName(room) + " HTTP/1.1\r\n"
                + "Host: " + loop.run.http(node).getHostString() + ":" + loop.run.http(node).getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        out(bytes.length).put(bytes);
    }

    @Override
    int consume(byte[] bytes, int from, int to) throws IOException {
        int at = from;
        if (!upgraded) {
            int end = headersEnd(bytes, from, to);
            if (end < 0) {
                return from;
            }
            String status = new String(bytes, from, Math.min(end - from, 40), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                fail("websocket upgrade refused: " + status.lines().findFirst().orElse(status));
                return to;
            }
            upgraded = true;
            at = end;
        }
        while (to - at >= 2) {
            int b0 = bytes[at] & 0xFF;
            int b1 = bytes[at + 1] & 0x7F; // servers never mask
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                header = 4;
                if (to - at < header) {
                    break;
                }
                length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
            } else if (b1 == 127) {
                header = 10;
                if (to - at < header) {
                    break;
                }
                length = ByteBuffer.wrap(bytes, at + 2, 8).getLong();
            }
            if (to - at - header < length) {
                break;
            }
            int start = at + header;
            int end = start + (int) length;
            frameIn(b0 & 0x0F, (b0 & 0x80) != 0, bytes, start, end);
            at = end;
        }
        return at;
    }

    private void frameIn(int opcode, boolean fin, byte[] bytes, int start, int end) throws IOException {
        if (opcode == TEXT && fin && fragments == null) {
            unit(bytes, start, end);
        } else if (opcode == TEXT || opcode == CONTINUATION) {
            if (fragments == null) {
                fragments = new ByteArrayOutputStream();
            }
            fragments.write(bytes, start, end - start);
            if (fin) {
                byte[] whole = fragments.toByteArray();
                fragments = null;
                unit(whole, 0, whole.length);
            }
        } else if (opcode == PING) {
            control(PONG, bytes, start, end);
        } else if (opcode == CLOSE_FRAME) {
            fail("the gateway closed the websocket"
                    + (end - start >= 2 ? " with " + (((bytes[start] & 0xFF) << 8) | (bytes[start + 1] & 0xFF)) : ""));
        }
    }

    @Override
    void frame(byte[] text) {
        // {"text":"..."}: the probe text is plain ASCII without quotes or backslashes.
        int length = OPEN.length + text.length + CLOSE.length;
        ByteBuffer out = header(TEXT, length);
        int at = masked(out, OPEN, 0);
        at = masked(out, text, at);
        masked(out, CLOSE, at);
    }

    private void control(int opcode, byte[] bytes, int start, int end) {
        byte[] payload = java.util.Arrays.copyOfRange(bytes, start, end);
        masked(header(opcode, payload.length), payload, 0);
    }

    /** Writes a client frame header (FIN, masked) and its mask key; the payload follows, masked. */
    private ByteBuffer header(int opcode, int length) {
        ByteBuffer out = out(length + 14);
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        }
        out.putInt(maskKey = ThreadLocalRandom.current().nextInt());
        return out;
    }

    /** Appends {@code bytes} masked with the current frame's key; {@code offset} is their place in the payload. */
    private int masked(ByteBuffer out, byte[] bytes, int offset) {
        for (byte b : bytes) {
            out.put((byte) (b ^ (maskKey >>> (24 - 8 * (offset & 3)))));
            offset++;
        }
        return offset;
    }

    @Override
    boolean isReady(byte[] bytes, int from, int to) {
        return contains(bytes, from, to, READY);
    }

    @Override
    boolean isError(byte[] bytes, int from, int to) {
        return contains(bytes, from, to, ERROR);
    }

    private static boolean contains(byte[] bytes, int from, int to, byte[] part) {
        for (int i = from; i <= to - part.length; i++) {
            if (LineConn.startsWith(bytes, i, to, part)) {
                return true;
            }
        }
        return false;
    }

    private static int headersEnd(byte[] bytes, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
