package io.switchboard.testing;

import io.switchboard.Gateway;
import io.switchboard.config.Settings;

/** A real gateway on loopback with free ports, for adapter tests. */
public final class RunningGateway implements AutoCloseable {
    public final Gateway gateway;

    public RunningGateway() {
        this(Settings.forTests().build());
    }

    public RunningGateway(Settings settings) {
        gateway = new Gateway(settings).start();
    }

    public int tcp() {
        return gateway.tcpPort();
    }

    public int http() {
        return gateway.httpPort();
    }

    public LineClient line() throws java.io.IOException {
        return new LineClient(tcp());
    }

    /** A program on the JSON WebSocket, with the given nick. */
    public WsClient json(String nick) {
        return new WsClient(http(), "/ws?format=json&nick=" + nick);
    }

    /** What the page opens: the HTML WebSocket. */
    public WsClient html(String nick) {
        return new WsClient(http(), "/ws?format=html&nick=" + nick);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
