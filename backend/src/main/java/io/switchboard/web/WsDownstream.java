package io.switchboard.web;

import io.switchboard.relay.Downstream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A relay session's browser side on a Jetty WebSocket session (one that demands explicitly). */
final class WsDownstream implements Downstream {
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private final Session session;

    WsDownstream(Session session) {
        this.session = session;
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Written done) {
        session.sendBinary(bytes, callback(done));
    }

    @Override
    public void sendText(String text, Written done) {
        session.sendText(text, callback(done));
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.close(code, WsSink.truncate(reason), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        return sent;
    }

    @Override
    public void abort() {
        session.disconnect();
    }

    @Override
    public void demand() {
        try {
            session.demand();
        } catch (IllegalStateException e) {
            // closed meanwhile: nothing more will be read anyway
        }
    }

    @Override
    public void ping() {
        if (session.isOpen()) {
            session.sendPing(NO_PAYLOAD.duplicate(), Callback.NOOP);
        }
    }

    private static Callback callback(Written done) {
        return Callback.from(() -> done.written(true), failure -> done.written(false));
    }
}
