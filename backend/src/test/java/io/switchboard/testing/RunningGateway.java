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

    /** A TCP member, returned once the server has admitted it. */
    public LineClient line() throws java.io.IOException {
        return new LineClient(tcp()).awaitAdmitted();
    }

    /** A TCP member that has taken {@code nick} (it must be the first to do so), returned once it has. */
    public LineClient line(String nick) throws java.io.IOException {
        LineClient client = line();
        client.send("/nick " + nick);
        client.awaitContaining("is now known as " + nick);
        return client;
    }

    /** A program on the JSON WebSocket, with the given nick, returned once admitted. */
    public WsClient json(String nick) {
        return new WsClient(http(), "/ws?format=json&nick=" + nick).awaitAdmitted();
    }

    /** What the page opens: the HTML WebSocket, returned once admitted. */
    public WsClient html(String nick) {
        return new WsClient(http(), "/ws?format=html&nick=" + nick).awaitAdmitted();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
