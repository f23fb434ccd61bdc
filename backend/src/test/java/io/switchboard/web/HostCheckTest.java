package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DNS rebinding and cross-site posts, with authentication off (the default), over raw HTTP. */
@Timeout(60)
class HostCheckTest {
    private RunningGateway server;

    @BeforeEach
    void start() {
        server = new RunningGateway();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends one raw request (the head's Host and all as given) and returns the whole response. */
    private String exchange(String head, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.http()), 5000);
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((head + (body.isEmpty() ? "" : "Content-Length: " + content.length + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String get(String path, String host) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n", "");
    }

    private String post(String host, String type, String origin, String body) throws IOException {
        return exchange("POST /api/rooms/lobby/messages HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + type
                + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n"), body);
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void aNameReboundToThisMachineReachesNothing() throws IOException {
        String self = "127.0.0.1:" + server.http();
        assertEquals(200, status(get("/", self)));
        assertEquals(200, status(get("/", "localhost:" + server.http())));
        String rebound = get("/", "attacker.example:" + server.http());
        assertEquals(403, status(rebound));
        assertTrue(rebound.contains("--public-host attacker.example"), rebound);
        assertEquals(403, status(get("/api/rooms/lobby/messages", "attacker.example")));
        String upgrade = exchange("GET /ws?format=json HTTP/1.1\r\nHost: attacker.example:" + server.http()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
        assertEquals(403, status(upgrade), upgrade);
    }

    @Test
    void aCrossSitePostIsRefusedAndReachesNobody() throws IOException {
        String self = "127.0.0.1:" + server.http();
        try (LineClient innocent = server.line("innocent")) {
            String json = "{\"nick\":\"evilbot\",\"text\":\"forged\"}";
            // A form or fetch without preflight can only send text/plain and the like.
            assertEquals(415, status(post(self, "text/plain", "http://evil.example", json)));
            assertEquals(403, status(post(self, "application/json", "http://evil.example", json)));
            assertEquals(201, status(post(self, "application/json", "http://" + self, "{\"nick\":\"bot\",\"text\":\"ours\"}")));
            assertEquals(201, status(post(self, "application/json; charset=utf-8", null,
                    "{\"nick\":\"script\",\"text\":\"no origin: not a browser\"}")));
            innocent.awaitLine("<script> no origin: not a browser");
            assertFalse(innocent.seen().stream().anyMatch(l -> l.contains("forged")), innocent.seen().toString());
        }
    }
}
