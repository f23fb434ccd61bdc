package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A raw telnet peer over loopback: sends exactly the bytes a test gives it and keeps every byte
 * the server sends, so a test can check negotiation, echo and screen output byte for byte.
 */
public final class TelnetPeer implements AutoCloseable {
    public static final int IAC = 255;
    public static final int WILL = 251;
    public static final int WONT = 252;
    public static final int DO = 253;
    public static final int DONT = 254;
    public static final int SB = 250;
    public static final int SE = 240;

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int mark;

    public TelnetPeer(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "test-telnet-peer");
        reader.setDaemon(true);
        reader.start();
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public TelnetPeer send(int... values) throws IOException {
        return send(bytes(values));
    }

    public TelnetPeer send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    public TelnetPeer send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends each byte in its own write. */
    public TelnetPeer sendByteByByte(byte[] b) throws IOException {
        for (byte x : b) {
            out.write(x);
            out.flush();
        }
        return this;
    }

    /** What a telnet client answers to the server's character-mode offer, and its window size. */
    public TelnetPeer agree(int columns, int rows) throws IOException {
        return send(IAC, DO, 1, IAC, DO, 3, IAC, WILL, 3, IAC, DO, 0, IAC, WILL, 0, IAC, WILL, 31,
                IAC, SB, 31, columns >> 8, columns & 0xFF, rows >> 8, rows & 0xFF, IAC, SE, IAC, WILL, 24);
    }

    /** Everything received so far. */
    public synchronized byte[] received() {
        return received.toByteArray();
    }

    /** Everything received so far, as UTF-8 text (escape sequences and all). */
    public String text() {
        return new String(received(), StandardCharsets.UTF_8);
    }

    /** Waits until the bytes received after the last {@link #mark()} contain {@code wanted}; returns their offset. */
    public int await(byte[] wanted, String what) {
        int[] at = {-1};
        Waits.until(() -> (at[0] = indexOf(received(), wanted, mark)) >= 0, what + " from the server");
        return at[0];
    }

    public int await(String text) {
        return await(text.getBytes(StandardCharsets.UTF_8), "\"" + printable(text) + "\"");
    }

    /** From now on, waits look only at bytes received after this point. */
    public synchronized TelnetPeer mark() {
        mark = received.size();
        return this;
    }

    /** How often {@code wanted} occurs in everything received. */
    public int count(byte[] wanted) {
        byte[] all = received();
        int n = 0;
        for (int at = indexOf(all, wanted, 0); at >= 0; at = indexOf(all, wanted, at + 1)) {
            n++;
        }
        return n;
    }

    public static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static String printable(String s) {
        return s.replace("\u001b", "ESC").replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }

    private void readLoop() {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (this) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return printable(new String(Arrays.copyOf(received(), received().length), StandardCharsets.UTF_8));
    }
}
