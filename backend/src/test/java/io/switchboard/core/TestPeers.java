package io.switchboard.core;

import java.time.Instant;

/** Peers for core tests. */
final class TestPeers {
    private TestPeers() {
    }

    static Peer tcp(int n) {
        return new Peer("tcp", Side.NATIVE, "127.0.0.1:" + (40000 + n), Instant.now());
    }

    static Peer ws(int n) {
        return new Peer("ws", Side.BROWSER, "127.0.0.1:" + (50000 + n), Instant.now());
    }
}
