package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.security.Challenge;
import io.switchboard.testing.JarProcess;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged jar as an operator runs it: version, readiness on SIGTERM, config files, banner, logs, packaging. */
@Timeout(120)
class OperationsIT {
    private static final String[] FREE_PORTS = {"--http-port", "0", "--tcp-port", "0", "--udp-port", "0",
        "--history", "memory"};
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String[] args(String... more) {
        String[] all = new String[FREE_PORTS.length + more.length];
        System.arraycopy(FREE_PORTS, 0, all, 0, FREE_PORTS.length);
        System.arraycopy(more, 0, all, FREE_PORTS.length, more.length);
        return all;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStderr(JarProcess process, String part) {
        Waits.until(() -> process.stderr().stream().anyMatch(l -> l.contains(part)),
                "\"" + part + "\" on stderr; stderr: " + process.stderr());
    }

    private static String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0, "git " + args[0] + ": " + out);
        return out;
    }

    @Test
    void versionSaysTheBuildsVersionAndCommit() throws Exception {
        // The build names the newest commit that is not a merge (buildnumber-maven-plugin asks git
        // log --no-merges): on a merge it is the last commit that changed anything itself.
        String head = git("log", "-1", "--no-merges", "--format=%H");
        try (JarProcess version = JarProcess.start("--version")) {
            String line = version.awaitOutput("switchboard ");
            assertEquals(0, version.exitCode());
            String expected = "switchboard " + System.getProperty("switchboard.version") + " (commit ";
            assertTrue(line.startsWith(expected), line + " starts with " + expected);
            String commit = line.substring(expected.length(), line.length() - 1);
            assertTrue(commit.length() == 12 && head.startsWith(commit), line + " names HEAD " + head);
        }
    }

    @Test
    void readyzSays503WhileDrainingAfterSigtermThenTheMembersAreToldAndItExitsZero() throws Exception {
        try (JarProcess gateway = JarProcess.start(args("--drain-delay", "3")).awaitBanner();
                LineClient term = new LineClient(gateway.tcpPort()).awaitAdmitted()) {
            HttpResponse<String> ready = get(gateway.httpPort(), "/readyz");
            assertEquals(200, ready.statusCode());
            assertEquals("ready", WsClient.parse(ready.body()).path("status").asText());
            // The shaded jar serves the text format without protobuf and the JVM binders without the others.
            io.switchboard.testing.Scrape metrics = io.switchboard.testing.Scrape.parse(
                    get(gateway.httpPort(), "/metrics").body());
            assertEquals(1.0, metrics.value("switchboard_ready"));
            assertEquals(1.0, metrics.value("switchboard_members", "transport", "tcp"));
            assertTrue(metrics.has("jvm_gc_memory_allocated_bytes_total") && metrics.has("process_files_open_files"));
            assertTrue(metrics.has("switchboard_build_info", "version", System.getProperty("switchboard.version")));
            gateway.terminate();
            HttpResponse<String>[] last = new HttpResponse[1];
            Waits.until(() -> {
                try {
                    last[0] = get(gateway.httpPort(), "/readyz");
                    return last[0].statusCode() == 503;
                } catch (Exception e) {
                    throw new AssertionError("the gateway stopped answering before /readyz said 503", e);
                }
            }, "/readyz to answer 503");
            assertEquals("draining", WsClient.parse(last[0].body()).path("status").asText());
            assertEquals("shutting down", WsClient.parse(last[0].body()).path("reason").asText());
            HttpResponse<String> live = get(gateway.httpPort(), "/healthz");
            assertEquals(200, live.statusCode(), "still live while draining");
            assertEquals("draining", WsClient.parse(live.body()).path("state").asText());
            assertFalse(term.seen().contains("-!- server shutting down"), "members are told after the drain delay");
            term.awaitLine("-!- server shutting down");
            assertEquals(0, gateway.exitCode());
        }
    }

    @Test
    void aFailedStartDoesNotWaitOutTheDrainDelay() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                JarProcess bad = JarProcess.start("--drain-delay", "600", "--http-port", "0", "--udp-port", "0",
                        "--history", "memory", "--tcp-port", "" + taken.getLocalPort())) {
            assertEquals(2, bad.exitCode()); // exitCode() gives up after 30 s, far short of the 600 s delay
            assertTrue(bad.stderr().get(0).contains("--tcp-port"), bad.stderr().toString());
        }
    }

    @Test
    void aConfigFileSetsOptionsTheEnvironmentOverridesItAndAnUnknownKeyIsOneLineAndExit2() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-config"));
        Path toml = Files.writeString(dir.resolve("ops-" + System.nanoTime() + ".toml"), """
                http-port = 0
                tcp-port = 0
                udp-port = 0
                history = "memory"
                public-host = "file.example"
                allow-origin = ["https://a.example", "https://b.example"]
                """);
        try (JarProcess fromFile = JarProcess.start("--config", toml.toString())) {
            fromFile.awaitOutput("telnet:   telnet file.example ");
            fromFile.terminate();
            assertEquals(0, fromFile.exitCode());
        }
        try (JarProcess fromEnv = JarProcess.start(Map.of("SWITCHBOARD_CONFIG", toml.toString(),
                "SWITCHBOARD_PUBLIC_HOST", "env.example"))) {
            fromEnv.awaitOutput("telnet:   telnet env.example ");
            fromEnv.terminate();
            assertEquals(0, fromEnv.exitCode());
        }
        Path typo = Files.writeString(dir.resolve("typo-" + System.nanoTime() + ".properties"),
                "tcp-port=0\nmax-conections=5\n");
        try (JarProcess bad = JarProcess.start("--config", typo.toString())) {
            assertEquals(2, bad.exitCode());
            assertEquals(1, bad.stderr().size(), bad.stderr().toString());
            assertTrue(bad.stderr().get(0).startsWith("switchboard: unknown key \"max-conections\""), bad.stderr().get(0));
        }
        try (JarProcess help = JarProcess.start("--help")) {
            help.awaitOutput("Precedence: command line > environment > config file > defaults.");
            help.awaitOutput("--config=FILE");
            assertEquals(0, help.exitCode());
        }
    }

    @Test
    void theBannerShowsAddressesPeopleCanReachForAWildcardBindAndBracketsIpv6() throws Exception {
        Set<String> external = new HashSet<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (nic.isUp() && a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    external.add(a.getHostAddress());
                }
            }
        }
        try (JarProcess any = JarProcess.start(args("--bind", "0.0.0.0"))) {
            String browser = any.awaitOutput("browser:");
            int tcp = Integer.parseInt(any.awaitOutput("telnet:").replaceFirst(".* (\\d+)$", "$1"));
            assertFalse(browser.contains("0.0.0.0"), browser);
            String host = browser.replaceFirst(".*http://([^:/]+):.*", "$1");
            if (external.isEmpty()) {
                assertEquals("127.0.0.1", host, browser);
            } else {
                assertTrue(external.contains(host), host + " is one of " + external);
                assertTrue(any.awaitOutput("also at:").contains("127.0.0.1"));
            }
            try (LineClient term = new LineClient(tcp).awaitAdmitted()) {
                term.send("/quit");
            }
            int http = Integer.parseInt(browser.replaceFirst(".*:(\\d+)/$", "$1"));
            String page = get(http, "/").body();
            assertTrue(page.contains("telnet " + host + " " + tcp), "the page's join box shows " + host);
        }
        try (JarProcess v6 = JarProcess.start(args("--bind", "::1"))) {
            String browser = v6.awaitOutput("browser:");
            assertTrue(browser.matches("\\s*browser:\\s+http://\\[::1]:\\d+/"), browser);
            assertTrue(v6.awaitOutput("telnet:").matches("\\s*telnet:\\s+telnet ::1 \\d+"));
        }
        try (JarProcess named = JarProcess.start(args("--bind", "0.0.0.0", "--public-host", "chat.example.org"))) {
            assertTrue(named.awaitOutput("browser:").contains("http://chat.example.org:"));
        }
    }

    /** A member who authenticates, chats and quits, and one wrong key at /login. */
    private static void visit(JarProcess gateway, String secret) throws Exception {
        try (LineClient term = new LineClient(gateway.tcpPort())) {
            String challenge = term.awaitContaining("auth-challenge").substring("-!- auth-challenge ".length());
            term.send("/auth " + Challenge.answerFor(secret, challenge));
            term.awaitContaining("welcome to Switchboard");
            term.send("/quit see you");
            term.awaitLine("-!- bye");
        }
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=guess")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, login.statusCode());
    }

    @Test
    void eachConnectionGetsAnOpenedAndAClosedLineUnlessTurnedOffAndFailedLoginsAreWarnings() throws Exception {
        String secret = "ops secret";
        Map<String, String> env = Map.of("SWITCHBOARD_SECRET", secret);
        try (JarProcess gateway = JarProcess.start(env, args()).awaitBanner()) {
            visit(gateway, secret);
            awaitStderr(gateway, "WARN io.switchboard.web.Gatekeeper - web 127.0.0.1: wrong access key at /login");
            String opened = gateway.stderr().stream().filter(l -> l.contains("connection opened")).findFirst()
                    .orElseThrow(() -> new AssertionError("no opened line: " + gateway.stderr()));
            assertTrue(opened.matches(".* INFO io\\.switchboard\\.connections - connection opened transport=tcp"
                    + " address=127\\.0\\.0\\.1:\\d+ nick=guest\\d+"), opened);
            String closed = gateway.stderr().stream().filter(l -> l.contains("connection closed")).findFirst()
                    .orElseThrow();
            assertTrue(closed.matches(".* connection closed transport=tcp address=127\\.0\\.0\\.1:\\d+ nick=guest\\d+"
                    + " reason=\"quit\" duration=\\d+\\.\\ds"), closed);
            assertFalse(String.join("\n", gateway.stderr()).contains("see you"), "no user text in logs");
            assertFalse(String.join("\n", gateway.stderr()).contains(secret), "no secret in logs");
        }
        for (String[] quiet : new String[][] {{"--log-connections", "false"}, {"--log-level", "warn"}}) {
            try (JarProcess gateway = JarProcess.start(env, args(quiet)).awaitBanner()) {
                visit(gateway, secret);
                // The warning comes after the member's lines would have: their absence is not a race.
                awaitStderr(gateway, "wrong access key at /login");
                assertFalse(gateway.stderr().stream().anyMatch(l -> l.contains("connection ")),
                        List.of(quiet) + ": " + gateway.stderr());
            }
        }
        try (JarProcess bad = JarProcess.start("--log-level", "loud")) {
            assertEquals(2, bad.exitCode());
            assertEquals(1, bad.stderr().size(), bad.stderr().toString());
            assertTrue(bad.stderr().get(0).contains("--log-level"), bad.stderr().get(0));
        }
    }

    @Test
    void webSocketMembersAndRelaySessionsGetTheirLinesToo() throws Exception {
        try (io.switchboard.testing.UpperServer upper = new io.switchboard.testing.UpperServer();
                JarProcess gateway = JarProcess.start(args("--relay", "upper=" + upper.target("upper").uri()))
                        .awaitBanner()) {
            WsClient web = new WsClient(gateway.httpPort(), "/ws?format=json&nick=webby").awaitAdmitted();
            awaitStderr(gateway, "connection opened transport=ws address=127.0.0.1:");
            web.close();
            awaitStderr(gateway, "connection closed transport=ws");
            try (io.switchboard.testing.RelayClient relay = io.switchboard.testing.RelayClient.open(gateway.httpPort(),
                    "/relay/upper?mode=lines")) {
                relay.send("hello");
                relay.awaitText("HELLO");
                awaitStderr(gateway, "connection opened transport=relay address=127.0.0.1:");
                relay.closeNormally("done");
                relay.awaitClose();
            }
            awaitStderr(gateway, "connection closed transport=relay");
            String closed = gateway.stderr().stream().filter(l -> l.contains("connection closed transport=relay"))
                    .findFirst().orElseThrow();
            assertTrue(closed.matches(".* address=127\\.0\\.0\\.1:\\d+ target=upper code=1000 reason=\"done\""
                    + " duration=\\d+\\.\\ds"), closed);
        }
    }

    @Test
    void withIoUringTheChatPortAndTheRelayWorkAsWithEpoll() throws Exception {
        try (io.switchboard.testing.UpperServer upper = new io.switchboard.testing.UpperServer();
                JarProcess gateway = JarProcess.start(args("--io-uring", "--log-level", "debug",
                        "--relay", "upper=" + upper.target("upper").uri())).awaitBanner()) {
            // io_uring where the kernel allows it; otherwise epoll, and one line says why.
            awaitStderr(gateway, "tcp: listening on");
            assertTrue(gateway.stderr().stream().anyMatch(l -> l.contains("tcp: listening on") && l.endsWith("(io_uring)"))
                    || gateway.stderr().stream().anyMatch(l -> l.contains("io_uring is not available here")),
                    gateway.stderr().toString());
            try (LineClient telnet = new LineClient(gateway.tcpPort())) {
                telnet.send("/nick uring");
                telnet.await(l -> l.contains("uring"), "the nick change");
            }
            try (io.switchboard.testing.RelayClient relay = io.switchboard.testing.RelayClient.open(gateway.httpPort(),
                    "/relay/upper?mode=lines")) {
                relay.send("hello");
                relay.awaitText("HELLO");
                relay.closeNormally("done");
                assertEquals(1000, relay.awaitClose().code());
            }
        }
    }

    @Test
    void theJarKeepsTheSqliteNativesOfLivePlatformsAndStaysUnder25MiB() throws Exception {
        Path jar = JarProcess.jar();
        assertTrue(Files.size(jar) <= 25L * 1024 * 1024, "the jar is " + Files.size(jar) + " bytes");
        // The natives of every platform a server runs on (musl, ARM, RISC-V, ...), not just the common few;
        // only the two for platforms that are gone are left out (see the shade filter in pom.xml).
        Set<String> kept = natives(jar);
        for (String platform : List.of("FreeBSD/aarch64", "FreeBSD/x86_64", "Linux-Musl/aarch64", "Linux-Musl/x86",
                "Linux-Musl/x86_64", "Linux/aarch64", "Linux/arm", "Linux/armv6", "Linux/armv7", "Linux/ppc64",
                "Linux/riscv64", "Linux/x86", "Linux/x86_64", "Mac/aarch64", "Mac/x86_64", "Windows/aarch64",
                "Windows/x86", "Windows/x86_64")) {
            assertTrue(kept.stream().anyMatch(n -> n.startsWith("org/sqlite/native/" + platform + "/")),
                    platform + " is missing: " + kept);
        }
        // Netty's natives: epoll (the default transport) and io_uring (--io-uring), Linux x86-64.
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String so : List.of("META-INF/native/libnetty_transport_native_epoll_x86_64.so",
                    "META-INF/native/libnetty_transport_native_io_uring42_x86_64.so")) {
                assertTrue(zip.getEntry(so) != null, so + " is missing");
            }
        }
    }

    private static Set<String> natives(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> found = new HashSet<>();
            zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/sqlite/native/") && !n.endsWith("/"))
                    .forEach(found::add);
            return found;
        }
    }
}
