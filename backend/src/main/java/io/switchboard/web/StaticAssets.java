package io.switchboard.web;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.staticfiles.ResourceHandler;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.javalin.security.RouteRole;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files ({@code web/static} under {@code /static}) and the webjars (htmx, under {@code /webjars}),
 * straight from the class path. Javalin's static-file handler mounted the whole ~25 MB jar as a zip file system
 * at start-up to serve these few files, and reading the jar's directory a second time that way was about a sixth
 * of the start-up. This serves the same paths with the same status codes, content types, Cache-Control and
 * ETags (so browsers' cached copies stay valid), in the same place of Javalin's request handling (after the
 * routes, for GET and HEAD). Each file is read once, on its first request; a name that is not there is
 * looked up again each time, so odd requests cannot fill memory.
 */
final class StaticAssets implements ResourceHandler {
    private static final List<Tree> TREES = List.of(
            new Tree("/static", "web/static", "max-age=0"),
            new Tree("/webjars", "META-INF/resources/webjars", "max-age=31622400"));

    private final ClassLoader loader;
    private final Map<String, Asset> read = new ConcurrentHashMap<>();

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** One hosted path and the class-path folder it shows. */
    private record Tree(String hostedPath, String folder, String cacheControl) {
    }

    @Override
    public boolean canHandle(Context ctx) {
        return find(ctx) != null;
    }

    @Override
    public boolean handle(Context ctx) {
        Asset asset = find(ctx);
        if (asset == null) {
            return false;
        }
        ctx.header(Header.CACHE_CONTROL, asset.cacheControl());
        if (asset.contentType() != null) {
            ctx.contentType(asset.contentType()); // else Javalin's default, text/plain, as before
        }
        if (asset.etag().equals(ctx.header(Header.IF_NONE_MATCH))) {
            ctx.status(304);
        } else {
            ctx.header(Header.ETAG, asset.etag());
            ctx.result(asset.bytes());
        }
        return true;
    }

    /** The trees are fixed here; nothing adds to them. */
    @Override
    public boolean addStaticFileConfig(StaticFileConfig config) {
        throw new UnsupportedOperationException("static files are served by " + StaticAssets.class.getName());
    }

    @Override
    public Set<RouteRole> resourceRouteRoles(Context ctx) {
        return Set.of();
    }

    private Asset find(Context ctx) {
        for (Tree tree : TREES) {
            Asset asset = find(tree, ctx);
            if (asset != null) {
                return asset;
            }
        }
        return null;
    }

    private Asset find(Tree tree, Context ctx) {
        String uri = ctx.req().getRequestURI(); // still percent-encoded, as Javalin's handler took it
        String context = ctx.req().getContextPath();
        String target = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        // A plain prefix test, as Javalin's handler did: /staticapp.css was web/static/app.css there too.
        if (!target.startsWith(tree.hostedPath())) {
            return null;
        }
        String name = resourceName(tree.folder(), target.substring(tree.hostedPath().length()));
        if (name == null) {
            return null;
        }
        Asset asset = read.get(name);
        if (asset == null) {
            asset = Asset.load(loader, name, tree.cacheControl());
            if (asset != null) {
                read.putIfAbsent(name, asset);
            }
        }
        return asset;
    }

    /**
     * The class-path name for what follows the hosted path, or null if it cannot name a file under the folder:
     * a trailing slash, a "." or ".." segment, an encoded slash, backslash or NUL, or bad percent-encoding.
     * Empty segments are skipped ({@code /static//app.css} is app.css), as the zip file system did.
     */
    static String resourceName(String folder, String rest) {
        if (rest.isEmpty() || rest.endsWith("/")) {
            return null;
        }
        StringBuilder name = new StringBuilder(folder);
        boolean any = false;
        for (String segment : rest.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String decoded = decode(segment);
            if (decoded == null || decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0
                    || decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0) {
                return null;
            }
            name.append('/').append(decoded);
            any = true;
        }
        return any ? name.toString() : null;
    }

    /** Percent-decoding of one path segment as UTF-8 ('+' stays '+', as in a URI path); null if malformed. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
