package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.JarProcess;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.UpperServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay options of the packaged jar: bad values stop it with one line, good ones relay. */
@Timeout(120)
class RelayProcessIT {

    private static void assertOneLineNaming(JarProcess process, String option) throws InterruptedException {
        assertEquals(2, process.exitCode());
        List<String> stderr = process.stderr();
        assertEquals(1, stderr.size(), "exactly one line on stderr: " + stderr);
        assertTrue(stderr.get(0).startsWith("switchboard: " + option), stderr.get(0));
    }

    @Test
    void badRelayValuesExitWith2AndOneLineNamingTheOption() throws Exception {
        try (JarProcess bad = JarProcess.start("--relay", "vnc")) {
            assertOneLineNaming(bad, "--relay");
        }
        try (JarProcess bad = JarProcess.start("--relay", "vnc=http://127.0.0.1:5900")) {
            assertOneLineNaming(bad, "--relay");
        }
        try (JarProcess twice = JarProcess.start("--relay", "a=tcp://127.0.0.1:1", "--relay", "a=udp://127.0.0.1:2")) {
            assertOneLineNaming(twice, "--relay names must be unique");
        }
        try (JarProcess env = JarProcess.start(Map.of("SWITCHBOARD_RELAY", "nonsense"))) {
            assertOneLineNaming(env, "--relay");
        }
        try (JarProcess idle = JarProcess.start("--relay-idle", "0")) {
            assertOneLineNaming(idle, "--relay-idle");
        }
    }

    @Test
    void helpListsTheRelayOptions() throws Exception {
        try (JarProcess help = JarProcess.start("--help")) {
            for (String option : new String[] {"--relay=NAME", "--relay-max-sessions", "--relay-max-per-target",
                "--relay-idle"}) {
                help.awaitOutput(option);
            }
            assertEquals(0, help.exitCode());
        }
    }

    @Test
    void theJarRelaysToTargetsFromOptionsAndEnvironmentAndClosesThemOnSigterm() throws Exception {
        try (UpperServer upper = new UpperServer();
                JarProcess gateway = JarProcess.start(Map.of("SWITCHBOARD_RELAY", upper.target("env").uri()
                        .replace("tcp://", "env=tcp://")), "--http-port", "0", "--tcp-port", "0", "--udp-port", "0",
                        "--history", "memory")
                        .awaitBanner()) {
            gateway.awaitOutput("relay:    ws://127.0.0.1:" + gateway.httpPort() + "/relay/env -> "
                    + upper.target("env").uri());
            try (RelayClient client = RelayClient.open(gateway.httpPort(), "/relay/env?mode=lines")) {
                client.send("hello");
                client.awaitText("HELLO");
                gateway.terminate();
                RelayClient.Close close = client.awaitClose();
                assertEquals(1001, close.code());
                assertEquals("server shutting down", close.reason());
            }
            assertEquals(0, gateway.exitCode());
        }
        try (UpperServer upper = new UpperServer();
                JarProcess gateway = JarProcess.start("--http-port", "0", "--tcp-port", "0", "--udp-port", "0",
                        "--history", "memory", "--relay", "upper=" + upper.target("upper").uri()).awaitBanner();
                RelayClient client = RelayClient.open(gateway.httpPort(), "/relay/upper?mode=lines")) {
            client.send("from the command line");
            client.awaitText("FROM THE COMMAND LINE");
            gateway.terminate();
            assertEquals(0, gateway.exitCode());
        }
    }
}
