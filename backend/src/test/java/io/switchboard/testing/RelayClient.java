package io.switchboard.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A program on a relay WebSocket, through OkHttp: text messages are collected; binary messages are
 * counted and digested as they arrive (so 50 MB is never held) and, if asked, collected too. It can
 * stop reading ({@link #pause}): OkHttp reads the socket on the thread that calls the listener, so a
 * paused listener is a browser that reads nothing.
 */
public final class RelayClient implements AutoCloseable {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private static final long QUEUE_LIMIT = 1 << 20;

    /** How the connection was closed: the code and reason the server sent, or -1 and the failure. */
    public record Close(int code, String reason) {
    }

    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final List<String> seen = Collections.synchronizedList(Waits.list());
    private final LinkedBlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final boolean keepBinary;
    private final MessageDigest digest = sha256();
    private final AtomicLong binaryBytes = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final CompletableFuture<Response> opened = new CompletableFuture<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile CountDownLatch gate;
    private volatile boolean held;

    private RelayClient(int port, String path, Map<String, String> headers, boolean keepBinary) {
        this.keepBinary = keepBinary;
        Request.Builder request = new Request.Builder().url("ws://127.0.0.1:" + port + path);
        headers.forEach(request::header);
        socket = HTTP.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(response);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                holdWhilePaused();
                messages.incrementAndGet();
                seen.add(text);
                texts.add(text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                holdWhilePaused();
                messages.incrementAndGet();
                byte[] data = bytes.toByteArray();
                synchronized (digest) {
                    digest.update(data);
                }
                binaryBytes.addAndGet(data.length);
                if (keepBinary) {
                    binaries.add(data);
                }
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                closed.complete(new Close(code, reason));
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closed.complete(new Close(code, reason));
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                opened.completeExceptionally(t);
                closed.complete(new Close(-1, String.valueOf(t)));
            }
        });
    }

    /** Connects to {@code path} and waits for the upgrade; binary messages are kept for {@link #nextBinary}. */
    public static RelayClient open(int port, String path) {
        return open(port, path, Map.of(), true);
    }

    /** Connects with extra request headers; with {@code keepBinary} false binary data is only digested. */
    public static RelayClient open(int port, String path, Map<String, String> headers, boolean keepBinary) {
        RelayClient client = new RelayClient(port, path, headers, keepBinary);
        client.opened.orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    /** Tries to connect where the upgrade must fail; how it failed (code -1 and the error). */
    public static Close openExpectingFailure(int port, String path) {
        RelayClient client = new RelayClient(port, path, Map.of(), false);
        Close close = client.awaitClose();
        if (close.code() != -1) {
            throw new AssertionError("the upgrade to " + path + " did not fail: " + close);
        }
        return close;
    }

    /** The upgrade response (its headers show the chosen subprotocol). */
    public Response handshake() {
        return opened.join();
    }

    public RelayClient send(String text) {
        if (!socket.send(text)) {
            throw new AssertionError("websocket is closed, could not send " + text);
        }
        return this;
    }

    public RelayClient send(byte[] bytes) {
        if (!socket.send(ByteString.of(bytes))) {
            throw new AssertionError("websocket is closed, could not send " + bytes.length + " bytes");
        }
        return this;
    }

    /** Sends {@code total} bytes of {@code data} in 16 KiB messages, keeping OkHttp's queue short; returns their SHA-256. */
    public byte[] sendStream(DataStream data, long total) {
        byte[] block = new byte[16 * 1024];
        for (long sent = 0; sent < total; sent += block.length) {
            int n = (int) Math.min(block.length, total - sent);
            data.next(block, n);
            while (socket.queueSize() > QUEUE_LIMIT && !closed.isDone()) {
                LockSupport.parkNanos(1_000_000); // OkHttp's queue is the test's own; waiting for it to drain
            }
            send(n == block.length ? block : java.util.Arrays.copyOf(block, n));
        }
        return data.digest();
    }

    /** The next text message matching, skipping others. */
    public String await(Predicate<String> wanted, String what) {
        return Waits.next(texts, seen, wanted, Waits.DEFAULT, what + " on the relay");
    }

    public String awaitText(String exact) {
        return await(exact::equals, "\"" + exact + "\"");
    }

    /** The next binary message. */
    public byte[] nextBinary() {
        return Waits.next(binaries, Waits.list(), b -> true, Waits.DEFAULT, "a binary message on the relay");
    }

    /** Binary bytes received so far. */
    public long binaryBytes() {
        return binaryBytes.get();
    }

    /** Messages (text or binary) received so far. */
    public long messages() {
        return messages.get();
    }

    /** SHA-256 of every binary byte received so far. */
    public byte[] binaryDigest() {
        synchronized (digest) {
            try {
                return ((MessageDigest) digest.clone()).digest();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Stops reading: the next message's delivery waits until {@link #resume}. */
    public void pause() {
        gate = new CountDownLatch(1);
    }

    /** True while a message is waiting at the pause gate: the client has stopped reading. */
    public boolean held() {
        return held;
    }

    /** Bytes OkHttp has queued to send and not yet written to the socket. */
    public long queueSize() {
        return socket.queueSize();
    }

    public void resume() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** How the connection ended; waits for it. */
    public Close awaitClose() {
        return closed.orTimeout(Waits.DEFAULT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public CompletableFuture<Close> closed() {
        return closed;
    }

    /** Starts a normal close from this side. */
    public void closeNormally(String reason) {
        socket.close(1000, reason);
    }

    @Override
    public void close() {
        resume();
        socket.cancel();
    }

    private void holdWhilePaused() {
        CountDownLatch g = gate;
        if (g != null) {
            held = true;
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("paused reader was never resumed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held = false;
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
