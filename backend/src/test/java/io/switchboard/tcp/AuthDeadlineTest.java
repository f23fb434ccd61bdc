package io.switchboard.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unauthenticated client is closed at its deadline whatever it does, and its slot is freed. */
@Timeout(60)
class AuthDeadlineTest {

    private static boolean challenged(int port) {
        try (LineClient next = new LineClient(port)) {
            return next.await(line -> line.contains("auth-challenge") || line.contains("error"), "a first line")
                    .contains("auth-challenge");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aClientThatSendsLinesAndNeverReadsIsClosedAtItsDeadline() throws Exception {
        Settings settings = Settings.forTests().secret("deadline-secret", Duration.ofMillis(1500))
                .connections(100, 1).build();
        try (RunningGateway server = new RunningGateway(settings); Socket flooder = new Socket()) {
            flooder.connect(new InetSocketAddress("127.0.0.1", server.tcp()), 5000);
            flooder.setSoTimeout(20_000);
            OutputStream out = flooder.getOutputStream();
            byte[] junk = "not an answer, and I never read yours\n".repeat(256).getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            // Write without reading until the gateway closes the connection (or this side's buffers fill).
            try {
                while (System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
                    out.write(junk);
                }
            } catch (IOException closed) {
                // the gateway closed the connection: writing fails
            }
            long elapsed = System.nanoTime() - started;
            assertTrue(elapsed < Duration.ofSeconds(8).toNanos(), "closed at its deadline, not when the flood stopped: "
                    + Duration.ofNanos(elapsed).toMillis() + " ms");
            // The slot is free again: with one connection per address, a newcomer is challenged, not refused.
            Waits.until(() -> challenged(server.tcp()), "a new connection from the same address challenged");
        }
    }
}
