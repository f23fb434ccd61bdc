package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import io.switchboard.config.SettingsBuilder;
import io.switchboard.core.Event;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files over HTTP with the real curl: round trips, limits, names, headers, the access key. */
@Timeout(90)
class HttpFileTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H'};

    @TempDir
    Path dir;

    private SettingsBuilder settings(long maxFile) {
        return Settings.forTests().history("sqlite:" + dir.resolve("history.db"))
                .files(new FileSettings(null, maxFile, 1 << 22, 1 << 23, Duration.ofDays(1)));
    }

    record Curl(int status, String body) {
        JsonNode json() {
            return WsClient.parse(body);
        }
    }

    /** Runs the real curl with {@code args} and returns the status and body. */
    private static Curl curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "curl failed: " + out);
        int split = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(split + 1).strip()), out.substring(0, split));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("to-send"));
        return Files.write(sub.resolve(name), content);
    }

    private List<Path> leftovers() {
        try {
            return FileChecks.leftovers(dir.resolve("files"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void curlUploadsReachEveryTransportByteExact() throws Exception {
        byte[] file = FileChecks.content(300_000, 7);
        Path notes = write("notes.txt", file);
        try (RunningGateway server = new RunningGateway(settings(1 << 20).build());
                LineClient term = server.line("term")) {
            WsClient program = server.json("prog");
            term.awaitContaining("prog joined");
            String base = "http://127.0.0.1:" + server.http() + "/api/rooms/lobby/files";
            // A trailing slash: curl puts the file's name on the path.
            Curl created = curl("-T", notes.toString(), base + "/?nick=uploader");
            assertEquals(201, created.status(), created.body());
            assertEquals("file", created.json().path("type").asText());
            assertEquals(FileChecks.sha256(file), created.json().path("file").path("sha256").asText());

            FileChecks.Line line = FileChecks.parse(term.awaitContaining("uploader shared notes.txt"));
            assertEquals("293.0 KiB", line.size());
            JsonNode event = program.awaitType("file", e -> e.path("nick").asText().equals("uploader"));
            assertEquals(line.url(), event.path("file").path("url").asText());
            assertEquals(300_000, event.path("file").path("size").asLong());
            assertArrayEquals(file, FileChecks.download(line.url()));

            // The issue's own form: no slash, so no name from curl; the store names it.
            Curl plain = curl("-T", notes.toString(), base);
            assertEquals(201, plain.status(), plain.body());
            assertEquals("anonymous", plain.json().path("nick").asText());
            term.awaitContaining("anonymous shared upload (293.0 KiB");
        }
    }

    @Test
    void anOversizedUploadIsRefusedBeforeItsBytesAndLeavesNothing() throws Exception {
        Path big = write("big.bin", FileChecks.content(20_000, 8));
        try (RunningGateway server = new RunningGateway(settings(10_000).build());
                LineClient term = server.line("term")) {
            Curl refused = curl("-T", big.toString(), "http://127.0.0.1:" + server.http() + "/api/rooms/lobby/files/");
            assertEquals(413, refused.status(), refused.body());
            assertTrue(refused.json().path("error").asText().contains("over the limit of 10000 bytes"), refused.body());
            // Chunked, so no size is announced: refused while receiving.
            Curl chunked = curl("-T", big.toString(), "-H", "Transfer-Encoding: chunked",
                    "http://127.0.0.1:" + server.http() + "/api/rooms/lobby/files/");
            assertEquals(413, chunked.status(), chunked.body());
            term.send("marker");
            term.awaitLine("<term> marker");
            assertTrue(term.seen().stream().noneMatch(l -> l.contains("shared")), "no file event");
            assertEquals(List.of(), leftovers());
        }
    }

    @Test
    void anUploadCutShortLeavesNoFileAndNoEvent() throws Exception {
        try (RunningGateway server = new RunningGateway(settings(1 << 20).build())) {
            try (Socket raw = new Socket("127.0.0.1", server.http())) {
                OutputStream out = raw.getOutputStream();
                out.write(("PUT /api/rooms/lobby/files/cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(FileChecks.content(30_000, 9));
                out.flush();
                Waits.until(() -> leftovers().size() == 1, "the partial upload on disk");
            } // closed mid-body
            Waits.until(() -> leftovers().isEmpty(), "the partial upload deleted");
            assertTrue(server.gateway.hub().history().recent("lobby", 100, Long.MAX_VALUE).stream()
                    .noneMatch(e -> e instanceof Event.Shared), "no file event");
        }
    }

    @Test
    void namesAreHarmlessAndDownloadsAreAttachmentsNeverSniffed() throws Exception {
        Path html = write("page.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        Path png = write("pic.png", PNG);
        try (RunningGateway server = new RunningGateway(settings(1 << 20).build());
                LineClient term = server.line("term")) {
            WsClient page = server.html("viewer");
            String base = "http://127.0.0.1:" + server.http() + "/api/rooms/lobby/files";
            Curl traversal = curl("-T", html.toString(), base + "?name=..%2F..%2Fetc%2Fpasswd");
            assertEquals("passwd", traversal.json().path("file").path("name").asText());
            Curl script = curl("-T", html.toString(), base + "?name=%3Cscript%3E.html");
            assertEquals("<script>.html", script.json().path("file").path("name").asText());
            Curl image = curl("-T", png.toString(), base + "/pic.png");
            assertEquals("image/png", image.json().path("file").path("type").asText());

            // On disk only ids: no name anyone gave reaches the file system.
            for (Path stored : leftovers()) {
                assertTrue(stored.getFileName().toString().matches("[0-9a-f]{32}"), stored.toString());
            }
            String fragment = page.await(f -> f.contains("&lt;script&gt;.html"), "the file card");
            assertFalse(fragment.contains("<script>"), fragment);
            term.awaitContaining("shared <script>.html"); // a terminal shows it as text; its URL is encoded
            assertTrue(script.json().path("file").path("url").asText().endsWith("/%3Cscript%3E.html"));

            try (Response r = get(script.json().path("file").path("url").asText())) {
                assertEquals(200, r.code());
                assertEquals("application/octet-stream", r.header("Content-Type"));
                assertEquals("nosniff", r.header("X-Content-Type-Options"));
                assertTrue(r.header("Content-Disposition").startsWith("attachment; filename=\"<script>.html\""),
                        r.header("Content-Disposition"));
                assertTrue(r.header("Content-Security-Policy").contains("sandbox"));
            }
            try (Response r = get(image.json().path("file").path("url").asText())) {
                assertEquals("image/png", r.header("Content-Type"));
                assertTrue(r.header("Content-Disposition").startsWith("inline"), r.header("Content-Disposition"));
                assertEquals("nosniff", r.header("X-Content-Type-Options"));
                assertArrayEquals(PNG, r.body().bytes());
            }
            try (Response r = get("http://127.0.0.1:" + server.http() + "/files/0123456789abcdef0123456789abcdef/x")) {
                assertEquals(404, r.code());
            }
        }
    }

    @Test
    void withASecretUploadsNeedTheKeyAndTheLinkCarriesOneForItsFileOnly() throws Exception {
        Path notes = write("notes.txt", "secret notes".getBytes(StandardCharsets.UTF_8));
        try (RunningGateway server = new RunningGateway(settings(1 << 20)
                .secret("s3cret-for-tests", Duration.ofSeconds(10)).build())) {
            String url = "http://127.0.0.1:" + server.http() + "/api/rooms/lobby/files/";
            assertEquals(401, curl("-T", notes.toString(), url).status());
            Curl created = curl("-T", notes.toString(), "-H", "Authorization: Bearer s3cret-for-tests", url);
            assertEquals(201, created.status(), created.body());
            String link = created.json().path("file").path("url").asText();
            assertTrue(link.contains("?key="), link);
            assertArrayEquals("secret notes".getBytes(StandardCharsets.UTF_8), FileChecks.download(link));
            try (Response r = get(link.substring(0, link.indexOf('?')))) {
                assertEquals(401, r.code());
            }
            try (Response r = get(link.substring(0, link.indexOf("key=") + 4) + "0".repeat(32))) {
                assertEquals(401, r.code());
            }
        }
    }

    @Test
    void uploadsAreRateLimitedLikeMessages() throws Exception {
        try (RunningGateway server = new RunningGateway(settings(1 << 20).messageRate(1).build())) {
            int refused = 0;
            for (int i = 0; i < 10; i++) { // a burst of two, then one a second: ten in a row cannot all pass
                Request put = new Request.Builder().url("http://127.0.0.1:" + server.http()
                        + "/api/rooms/lobby/files/n" + i + ".txt").put(okhttp3.RequestBody.create(new byte[] {1})).build();
                try (Response r = FileChecks.HTTP.newCall(put).execute()) {
                    if (r.code() == 429) {
                        refused++;
                        assertEquals("1", r.header("Retry-After"));
                    } else {
                        assertEquals(201, r.code(), r.body().string());
                    }
                }
            }
            assertTrue(refused > 0, "no upload was refused");
            long kept = leftovers().size();
            assertEquals(10 - refused, kept, "a refused upload leaves no file");
        }
    }

    private static Response get(String url) throws IOException {
        return FileChecks.HTTP.newCall(new Request.Builder().url(url).build()).execute();
    }
}
