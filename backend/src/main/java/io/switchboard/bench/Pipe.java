package io.switchboard.bench;

import java.io.IOException;

/** A byte pipe to the echo server: straight, or through the relay's WebSocket. */
interface Pipe extends AutoCloseable {
    void send(byte[] message) throws IOException;

    /** Some echoed bytes into {@code buffer} from {@code offset}; returns how many, or -1 at the end. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    @Override
    void close() throws IOException;
}
