package io.switchboard.relay;

import io.switchboard.config.RelayTarget;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay session to a UDP target: one upstream socket, connected to the target so that only its
 * datagrams come back (and the kernel reports "port unreachable"). Each browser message is one
 * datagram; each datagram back is one message. Nothing marks the end of a datagram conversation,
 * so the session ends when the browser leaves or after the idle timeout.
 */
final class UdpRelaySession extends RelaySession {
    /** The largest payload of one UDP datagram over IPv4. */
    static final int MAX_DATAGRAM = 65_507;
    private static final Logger log = LoggerFactory.getLogger(UdpRelaySession.class);

    private final CompletableFuture<DatagramSocket> connected = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    UdpRelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context,
            RelayCounters counters, Runnable onFinish) {
        super(target, mode, downstream, context, counters, onFinish);
    }

    @Override
    protected void run() {
        DatagramSocket socket;
        try {
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                throw new UnknownHostException(target.host());
            }
            socket = new DatagramSocket();
            socket.connect(address);
        } catch (IOException e) {
            connected.complete(null);
            fail(BAD_GATEWAY, unreachable(e));
            return;
        }
        connected.complete(socket);
        if (closing.get()) {
            socket.close(); // the browser left while we were setting up
            return;
        }
        receive(socket);
    }

    /** One datagram at a time: the next is received only once the browser has this one. */
    private void receive(DatagramSocket socket) {
        byte[] buffer = new byte[MAX_DATAGRAM + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (!closing.get()) {
                packet.setLength(buffer.length);
                socket.receive(packet);
                int n = packet.getLength();
                holdDown(n);
                boolean ok = written(mode == Mode.LINES ? downstream.sendText(text(buffer, n))
                        : downstream.sendBinary(ByteBuffer.wrap(buffer, 0, n)));
                holdDown(-n);
                if (!ok) {
                    closeSocket();
                    return;
                }
                deliveredDown(n);
            }
        } catch (PortUnreachableException e) {
            fail(BAD_GATEWAY, unreachable(e));
        } catch (IOException e) {
            if (!closing.get()) {
                log.debug("relay {}: receive failed: {}", target.name(), e.toString());
                fail(BAD_GATEWAY, "upstream " + target.uri() + ": " + e.getMessage());
            }
        }
    }

    /** A datagram as one line of text: UTF-8 (bad bytes become U+FFFD), one trailing line end dropped. */
    private static String text(byte[] bytes, int n) {
        int end = n;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    protected boolean appendsLineEnd() {
        return false; // a datagram is its own frame
    }

    @Override
    protected void toUpstream(byte[] bytes, int off, int len) {
        DatagramSocket socket = awaitConnected(connected);
        if (socket == null) {
            return;
        }
        try {
            socket.send(new DatagramPacket(bytes, off, len));
            sentUp(len);
        } catch (PortUnreachableException e) {
            fail(BAD_GATEWAY, unreachable(e));
        } catch (IOException e) {
            if (!closing.get()) {
                fail(BAD_GATEWAY, "upstream " + target.uri() + ": " + e.getMessage());
            }
        }
    }


    @Override
    protected void afterBrowserClosed() {
        closeSocket(); // no half-close for datagrams: nothing is in flight that a close could cut
    }

    @Override
    protected void fail(int code, String reason) {
        ending(code);
        closeDownstream(code, reason);
        closeSocket();
    }

    private void closeSocket() {
        if (closing.compareAndSet(false, true)) {
            DatagramSocket socket = connected.getNow(null);
            if (socket != null) {
                socket.close();
            }
            finish();
        }
    }
}
