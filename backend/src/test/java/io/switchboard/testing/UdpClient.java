package io.switchboard.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/** A datagram client, like nc -u: sends datagrams, collects every datagram back as one item. */
public final class UdpClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final LinkedBlockingQueue<String> datagrams = new LinkedBlockingQueue<>();
    private final List<String> consumed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());

    public UdpClient(int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(200);
        server = new InetSocketAddress("127.0.0.1", port);
        Thread reader = new Thread(this::readLoop, "test-udp-client");
        reader.setDaemon(true);
        reader.start();
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public UdpClient send(String text) throws IOException {
        return sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public UdpClient sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
        return this;
    }

    /** The next datagram that matches (each datagram is one line, with its LF). */
    public String await(Predicate<String> wanted, String what) {
        return Waits.next(datagrams, consumed, wanted, Waits.DEFAULT, what + " over udp");
    }

    public String awaitContaining(String part) {
        return await(d -> d.contains(part), "a datagram containing \"" + part + "\"");
    }

    /** Every datagram received so far. */
    public List<String> seen() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    private void readLoop() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                all.add(text);
                datagrams.add(text);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
        }
    }
}
