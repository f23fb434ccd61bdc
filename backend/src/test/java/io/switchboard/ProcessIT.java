package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.JarProcess;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged jar as an operator meets it: startup errors, signals, restarts. */
@Timeout(120)
class ProcessIT {

    private static void assertOneLineNaming(List<String> stderr, String option) {
        assertEquals(1, stderr.size(), "exactly one line on stderr: " + stderr);
        assertTrue(stderr.get(0).startsWith("switchboard: "), stderr.get(0));
        assertTrue(stderr.get(0).contains(option), "names " + option + ": " + stderr.get(0));
    }

    @Test
    void aSecondInstanceOnTakenPortsExitsWith2AndOneLine() throws Exception {
        try (JarProcess first = JarProcess.start("--http-port", "0", "--tcp-port", "0", "--udp-port", "0", "--history", "memory")
                .awaitBanner()) {
            try (JarProcess second = JarProcess.start("--http-port", "0", "--udp-port", "0", "--history", "memory",
                    "--tcp-port", "" + first.tcpPort())) {
                assertEquals(2, second.exitCode());
                assertOneLineNaming(second.stderr(), "--tcp-port");
                assertTrue(second.stderr().get(0).contains("already in use"), second.stderr().get(0));
            }
            try (JarProcess udp = JarProcess.start("--http-port", "0", "--tcp-port", "0", "--history", "memory",
                    "--udp-port", "" + first.udpPort())) {
                assertEquals(2, udp.exitCode());
                assertOneLineNaming(udp.stderr(), "--udp-port");
            }
            try (JarProcess third = JarProcess.start("--http-port", "" + first.httpPort(), "--tcp-port", "0", "--udp-port", "0",
                    "--history", "memory")) {
                assertEquals(2, third.exitCode());
                assertOneLineNaming(third.stderr(), "--http-port");
            }
        }
    }

    @Test
    void badOptionsAndEnvironmentValuesExitWith2AndOneLine() throws Exception {
        try (JarProcess bad = JarProcess.start("--tcp-port", "many")) {
            assertEquals(2, bad.exitCode());
            assertOneLineNaming(bad.stderr(), "--tcp-port");
        }
        try (JarProcess bad = JarProcess.start("--http-port", "70000")) {
            assertEquals(2, bad.exitCode());
            assertOneLineNaming(bad.stderr(), "--http-port");
        }
        try (JarProcess bad = JarProcess.start(Map.of("SWITCHBOARD_TCP_PORT", "many"))) {
            assertEquals(2, bad.exitCode());
            assertOneLineNaming(bad.stderr(), "--tcp-port");
        }
        try (JarProcess unknown = JarProcess.start("--colour", "blue")) {
            assertEquals(2, unknown.exitCode());
            assertOneLineNaming(unknown.stderr(), "--colour");
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        try (JarProcess help = JarProcess.start("--help")) {
            for (String option : new String[] {"SWITCHBOARD_TCP_PORT", "--bind", "--http-port", "--tcp-port",
                "--udp-port", "--max-line", "--max-frame", "--max-message-lines", "--outbox-messages", "--outbox-bytes",
                "--history-replay", "--shutdown-grace", "--udp-idle", "--udp-max-members", "--udp-rate", "--history",
                "--history-keep", "--history-max-age"}) {
                help.awaitOutput(option);
            }
            assertEquals(0, help.exitCode());
        }
    }

    @Test
    void anUnusableHistoryFileIsOneClearLineAndExit2() throws Exception {
        Path notADirectory = Files.createDirectories(Path.of("target"))
                .resolve("not-a-directory-" + System.nanoTime());
        Files.writeString(notADirectory, "a file, not a folder");
        try (JarProcess bad = JarProcess.start("--http-port", "0", "--tcp-port", "0", "--udp-port", "0",
                "--history", "sqlite:" + notADirectory.resolve("history.db"))) {
            assertEquals(2, bad.exitCode());
            assertOneLineNaming(bad.stderr(), "--history");
            assertTrue(bad.stderr().get(0).contains("cannot open the history database"), bad.stderr().get(0));
        }
        try (JarProcess bad = JarProcess.start("--history", "postgres://x")) {
            assertEquals(2, bad.exitCode());
            assertOneLineNaming(bad.stderr(), "--history must be memory or sqlite:PATH");
        }
    }

    @Test
    void sigtermTellsEveryoneFlushesHistoryExitsZeroAndTheSamePortsCanBeReusedAtOnce() throws Exception {
        int http;
        int tcp;
        String history = "sqlite:" + Files.createDirectories(Path.of("target", "it-history"))
                .resolve("sigterm-" + System.nanoTime() + ".db");
        try (JarProcess gateway = JarProcess.start("--http-port", "0", "--tcp-port", "0", "--udp-port", "0",
                "--history", history).awaitBanner()) {
            http = gateway.httpPort();
            tcp = gateway.tcpPort();
            try (LineClient term = new LineClient(tcp).awaitAdmitted()) {
                WsClient web = new WsClient(http, "/ws?format=json&nick=webby").awaitAdmitted();
                term.awaitContaining("webby joined");
                term.send("before the end");
                web.awaitType("message", e -> e.path("text").asText().equals("before the end"));
                gateway.terminate();
                term.awaitLine("-!- server shutting down");
                web.awaitType("notice", e -> e.path("text").asText().equals("server shutting down"));
                assertEquals(1001, web.closed().get(10, TimeUnit.SECONDS));
                term.ended().get(10, TimeUnit.SECONDS);
                assertEquals(0, gateway.exitCode());
            }
        }
        // The old server closed first, so its side of the connections sits in TIME_WAIT:
        // binding again only works with SO_REUSEADDR.
        try (JarProcess again = JarProcess.start("--http-port", "" + http, "--tcp-port", "" + tcp, "--udp-port", "0",
                "--history", history).awaitBanner();
                LineClient term = new LineClient(tcp)) {
            assertEquals(tcp, again.tcpPort());
            term.await(line -> line.endsWith("before the end"), "the history from before the restart");
            term.awaitContaining("welcome to Switchboard");
            again.terminate();
            assertEquals(0, again.exitCode());
        }
    }

    @Test
    void theClientCommandDoesTheHandshakeOverStdinAndStdout() throws Exception {
        String secret = "it is a secret";
        try (io.switchboard.testing.RunningGateway server = new io.switchboard.testing.RunningGateway(
                io.switchboard.config.Settings.forTests().secret(secret, java.time.Duration.ofSeconds(10)).build());
                LineClient member = new LineClient(server.tcp())) {
            String challenge = member.awaitContaining("auth-challenge").substring("-!- auth-challenge ".length());
            member.send("/auth " + io.switchboard.security.Challenge.answerFor(secret, challenge));
            member.awaitLine("-!- authenticated");
            try (JarProcess client = JarProcess.start(Map.of("SWITCHBOARD_SECRET", secret), "client", "127.0.0.1",
                    "" + server.tcp())) {
                client.awaitOutput("-!- auth-challenge ");
                client.awaitOutput("-!- authenticated");
                client.awaitOutput("welcome to Switchboard");
                client.stdin().write("typed into the client\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                client.stdin().flush();
                member.awaitContaining("> typed into the client");
                member.send("seen by the client");
                client.awaitOutput("seen by the client");
                client.stdin().close(); // Ctrl-D
                assertEquals(0, client.exitCode());
            }
        }
    }

    @Test
    void theClientCommandWithoutAServerSaysSoAndExits1() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (JarProcess client = JarProcess.start("client", "127.0.0.1", "" + closedPort)) {
            assertEquals(1, client.exitCode());
            assertOneLineNaming(client.stderr(), "cannot connect to 127.0.0.1:" + closedPort);
        }
    }
}
