package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * A datagram member: each message is one datagram, each line back is one datagram. The first
 * datagram makes it a member, so "connected" is immediate; a lost join is sent again by the
 * loop. A send the socket refuses (its buffer is full) is counted, never retried: that is UDP.
 */
final class DatagramConn extends LineConn {
    private static final int RECEIVE_BUFFER = 1 << 20;
    private static final int DATAGRAMS_PER_WAKEUP = 256;
    long refusedSends;

    DatagramConn(Loop loop, int room, int node, int senders) {
        super(loop, room, node, senders);
    }

    @Override
    void open() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.socket().setReceiveBufferSize(RECEIVE_BUFFER); // a burst of fan-out must not overflow it
            channel.connect(loop.run.udp(node));
            key = channel.register(loop.selector, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        connected();
    }

    @Override
    void connected() throws IOException {
        datagram(joinCommands("\n"));
    }

    @Override
    void readable() throws IOException {
        DatagramChannel channel = (DatagramChannel) key.channel();
        for (int i = 0; i < DATAGRAMS_PER_WAKEUP; i++) {
            ByteBuffer buffer = loop.buffer(65536);
            if (channel.read(buffer) <= 0) {
                return;
            }
            loop.now = System.nanoTime();
            int end = buffer.position();
            consume(buffer.array(), 0, end);
            if (end > 0 && buffer.array()[end - 1] != '\n') {
                unit(buffer.array(), 0, end); // a datagram is a whole line even without its LF
            }
        }
    }

    @Override
    void frame(byte[] text) throws IOException {
        datagram(text);
    }

    private void datagram(byte[] bytes) throws IOException {
        if (((DatagramChannel) key.channel()).write(ByteBuffer.wrap(bytes)) == 0) {
            refusedSends++;
        }
    }

    @Override
    void flush() {
        // every datagram is sent as it is made
    }
}
