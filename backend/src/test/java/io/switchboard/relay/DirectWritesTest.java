package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When a browser frame may go straight to the upstream socket, and what is left for the loop when it may not. */
@Timeout(30)
class DirectWritesTest {
    private ServerSocket server;
    private SocketChannel client;
    private Socket upstream;
    private final DirectWrites direct = new DirectWrites();

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        client.configureBlocking(false);
        upstream = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        upstream.close();
        server.close();
    }

    @Test
    void whatTheSocketTakesAtOnceIsWrittenOnTheCallersThread() throws IOException {
        direct.open(client);
        assertTrue(direct.tryWrite(Unpooled.wrappedBuffer("hello ".getBytes())));
        assertTrue(direct.tryWrite(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer("wor".getBytes()),
                Unpooled.wrappedBuffer("ld\n".getBytes())))); // a line and its end, one gathering write
        assertTrue(direct.tryWrite(Unpooled.EMPTY_BUFFER), "an empty message is just empty");
        assertArrayEquals("hello world\n".getBytes(), upstream.getInputStream().readNBytes(12));
    }

    @Test
    void nothingOvertakesAWriteTheLoopStillHas() throws IOException {
        direct.open(client);
        direct.handOff();
        ByteBuf later = Unpooled.wrappedBuffer("later".getBytes());
        assertFalse(direct.tryWrite(later));
        assertEquals(5, later.readableBytes(), "nothing written, nothing skipped");
        direct.handedOver();
        assertTrue(direct.tryWrite(later));
        assertArrayEquals("later".getBytes(), upstream.getInputStream().readNBytes(5));
    }

    @Test
    void beforeConnectingAndAfterStoppingEverythingGoesThroughTheLoop() throws IOException {
        ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        assertFalse(direct.tryWrite(bytes));
        direct.open(client);
        direct.stop();
        assertFalse(direct.tryWrite(bytes));
        assertEquals(3, bytes.readableBytes());
        client.close();
        direct.open(client);
        assertFalse(direct.tryWrite(bytes), "a closed socket: the loop's write fails and says so");
        assertEquals(3, bytes.readableBytes());
    }

    @Test
    void aFullSocketTakesWhatFitsAndLeavesTheRestInOrder() throws IOException {
        direct.open(client);
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31);
        }
        long taken = 0;
        ByteBuf rest = null;
        // upstream reads nothing: sooner or later the socket's buffers are full
        for (int i = 0; i < 256 && rest == null; i++) {
            ByteBuf bytes = Unpooled.wrappedBuffer(block);
            if (direct.tryWrite(bytes)) {
                taken += block.length;
            } else {
                taken += block.length - bytes.readableBytes();
                rest = bytes;
            }
        }
        assertTrue(rest != null && rest.isReadable(), "the socket filled up");
        int restAt = rest.readerIndex();
        // The rest starts where the socket stopped: everything upstream reads is the blocks, in order.
        InputStream in = upstream.getInputStream();
        for (long at = 0; at < taken; at += block.length) {
            int n = (int) Math.min(block.length, taken - at);
            assertArrayEquals(java.util.Arrays.copyOf(block, n), in.readNBytes(n), "from byte " + at);
        }
        assertEquals(taken % block.length, restAt);
    }
}
