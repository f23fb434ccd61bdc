package io.switchboard.web;

import io.switchboard.relay.Downstream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A relay session's browser side on a Jetty WebSocket session. */
final class WsDownstream implements Downstream {
    private final Session session;

    WsDownstream(Session session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer bytes) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(bytes, callback(sent));
        return sent;
    }

    @Override
    public CompletableFuture<Void> sendText(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, callback(sent));
        return sent;
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.close(code, WsSink.truncate(reason), callback(sent));
        return sent;
    }

    @Override
    public void abort() {
        session.disconnect();
    }

    private static Callback callback(CompletableFuture<Void> sent) {
        return Callback.from(() -> sent.complete(null), sent::completeExceptionally);
    }
}
