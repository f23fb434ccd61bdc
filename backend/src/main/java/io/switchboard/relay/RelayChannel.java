package io.switchboard.relay;

import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A relay's upstream TCP channel: Netty's NIO channel, with its JDK socket in reach so that the
 * thread that parsed a browser frame can write it there itself ({@link DirectWrites}). The JDK
 * socket allows one thread to write while the loop reads, and its close waits for a write in
 * progress, so a write can never reach a descriptor that was closed and reused meanwhile.
 */
final class RelayChannel extends NioSocketChannel {
    /** The JDK socket under the channel, non-blocking. */
    SocketChannel socket() {
        return javaChannel();
    }
}
