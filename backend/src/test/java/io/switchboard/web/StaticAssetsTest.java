package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.render.Page;
import io.switchboard.testing.RunningGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.eclipse.jetty.http.EtagUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The page's files and htmx, served from the class path under /static and /webjars, with or without a base path. */
@Timeout(30)
class StaticAssetsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HTMX = "webjars/htmx.org/" + Page.htmxVersion() + "/dist/htmx.min.js";
    /** Every file the page and the login page load, with the type it must be served as. */
    private static final Map<String, String> PAGE_FILES = Map.of(
            "static/app.css", "text/css",
            "static/theme.js", "text/javascript",
            "static/messages.js", "text/javascript",
            "static/switchboard.js", "text/javascript",
            "static/files.js", "text/javascript",
            "static/relay.js", "text/javascript",
            HTMX, "text/javascript");

    private static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] classpath(String name) throws Exception {
        try (InputStream in = StaticAssetsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " on the class path");
            return in.readAllBytes();
        }
    }

    /** The class-path name of what the page links as {@code path}. */
    private static String resourceOf(String path) {
        return path.startsWith("static/") ? "web/" + path : "META-INF/resources/" + path;
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsTypeCachingAndTheClasspathBytes() throws Exception {
        try (RunningGateway server = new RunningGateway()) {
            checkServed("http://127.0.0.1:" + server.http() + "/");
        }
    }

    @Test
    void underABasePathTheFilesMoveWithThePrefix() throws Exception {
        try (RunningGateway server = new RunningGateway(Settings.forTests().basePath("/chat").build())) {
            String root = "http://127.0.0.1:" + server.http();
            checkServed(root + "/chat/");
            assertEquals(404, get(root + "/static/app.css").statusCode(), "not outside the prefix");
        }
    }

    private static void checkServed(String base) throws Exception {
        for (Map.Entry<String, String> file : PAGE_FILES.entrySet()) {
            HttpResponse<byte[]> response = get(base + file.getKey());
            assertEquals(200, response.statusCode(), file.getKey());
            assertEquals(file.getValue(), response.headers().firstValue("Content-Type").orElse(""), file.getKey());
            assertEquals(file.getKey().startsWith("webjars/") ? "max-age=31622400" : "max-age=0",
                    response.headers().firstValue("Cache-Control").orElse(""), file.getKey());
            assertArrayEquals(classpath(resourceOf(file.getKey())), response.body(), file.getKey());
            String etag = response.headers().firstValue("ETag").orElse("");
            assertTrue(etag.startsWith("W/\""), file.getKey() + " has a weak ETag: " + etag);
            HttpResponse<byte[]> again = get(base + file.getKey(), "If-None-Match", etag);
            assertEquals(304, again.statusCode(), file.getKey() + " revalidated");
            assertEquals(0, again.body().length);
        }
        for (String missing : new String[] {"static", "static/", "static/nope.css", "static/app.css/",
                "static/%2e%2e/page.html", "static/..%2fpage.html", "webjars/htmx.org/", HTMX.replace("htmx.min.js", "")}) {
            assertEquals(404, get(base + missing).statusCode(), missing);
        }
        assertArrayEquals(classpath("web/static/app.css"), get(base + "static//app.css").body(), "empty segments skipped");
    }

    @Test
    void pathsMapOntoTheFolderAndNeverOutOfIt() {
        assertEquals("web/static/app.css", StaticAssets.resourceName("web/static", "/app.css"));
        assertEquals("web/static/app.css", StaticAssets.resourceName("web/static", "//app.css"));
        assertEquals("web/static/app.css", StaticAssets.resourceName("web/static", "/%61pp.css"));
        assertEquals("web/static/a+b.css", StaticAssets.resourceName("web/static", "/a+b.css"));
        assertEquals("web/static/€.css", StaticAssets.resourceName("web/static", "/%E2%82%AC.css"));
        for (String bad : new String[] {"", "/", "/app.css/", "/../page.html", "/./app.css", "/%2e%2e/page.html",
                "/..%2fpage.html", "/%2fapp.css", "/a%5capp.css", "/app.css%00", "/app%2", "/app%zz.css"}) {
            assertNull(StaticAssets.resourceName("web/static", bad), bad);
        }
    }

    @Test
    void theEtagIsJettysForTheSameFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("app.css"), "body { color: red }".getBytes());
        for (long modified : new long[] {0, 1_700_000_000_000L, 4_102_444_800_000L}) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
            assertEquals(EtagUtils.computeWeakEtag(file),
                    Asset.weakEtag(file.toAbsolutePath().toString(), modified, Files.size(file)));
        }
    }
}
