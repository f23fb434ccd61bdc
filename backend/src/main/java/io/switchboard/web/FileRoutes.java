package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.config.Settings;
import io.switchboard.core.Member;
import io.switchboard.core.Names;
import io.switchboard.core.Posted;
import io.switchboard.files.FileRefused;
import io.switchboard.files.FileTypes;
import io.switchboard.files.Sharing;
import io.switchboard.files.StoredFile;
import io.switchboard.files.Upload;
import io.switchboard.render.JsonFormat;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;

/**
 * Files over HTTP: {@code PUT /api/rooms/{room}/files[/NAME]} with the raw bytes ({@code curl -T}),
 * {@code POST} the same with a multipart {@code file} part (the page), and {@code GET /files/{id}/{name}}.
 * Sign-in and the Host and Origin checks are the API's (Gatekeeper, HostCheck); posts are rate
 * limited like the API's messages. Downloads are attachments, never sniffed; only the image types
 * the store recognised by their bytes are shown inline.
 */
final class FileRoutes {
    /** The header by which the page proves an upload is its member's: its resume token. */
    static final String PAGE = "X-Switchboard-Page";
    private static final String ANONYMOUS = "anonymous";
    private static final int CHUNK = 64 * 1024;

    private final Sharing sharing;
    private final Function<String, Member> pageMember;
    private final Gatekeeper gate;
    private final PostBudgets budgets;

    FileRoutes(Sharing sharing, Settings settings, Function<String, Member> pageMember, Gatekeeper gate) {
        this.sharing = sharing;
        this.pageMember = pageMember;
        this.gate = gate;
        this.budgets = new PostBudgets(settings.messageRate());
    }

    void register(RoutesConfig routes) {
        routes.put("/api/rooms/{room}/files", ctx -> upload(ctx, ctx.queryParam("name"), false));
        routes.put("/api/rooms/{room}/files/{name}", ctx -> upload(ctx, ctx.pathParam("name"), false));
        routes.post("/api/rooms/{room}/files", ctx -> upload(ctx, null, true));
        routes.get("/files/{id}/{name}", this::download);
    }

    /** Whether a request is an upload, which sends a file's bytes rather than JSON (HostCheck). */
    static boolean isUpload(Context ctx) {
        return ctx.path().matches(".*/api/rooms/[^/]+/files(/[^/]*)?");
    }

    private void upload(Context ctx, String name, boolean multipart) throws IOException, ServletException {
        String room = Names.room(ctx.pathParam("room"));
        if (room == null) {
            error(ctx, 400, "\"" + ctx.pathParam("room") + "\" is not a room name: " + Names.roomRule());
            return;
        }
        Member member = null;
        String token = ctx.header(PAGE);
        if (token != null && (member = pageMember.apply(token)) == null) {
            error(ctx, 409, "this page is not connected to the chat; reload it and try again");
            return;
        }
        String nick = ctx.queryParam("nick") == null ? ANONYMOUS : ctx.queryParam("nick").strip();
        if (member == null && Names.nickProblem(nick) != null) {
            error(ctx, 400, "cannot use nick \"" + nick + "\": " + Names.nickProblem(nick));
            return;
        }
        if (!budgets.allow(ctx.ip(), System.nanoTime())) {
            ctx.header("Retry-After", "1");
            error(ctx, 429, "slow down: at most " + budgets.perSecond() + " uploads a second from one address");
            return;
        }
        if (sharing.store() == null) {
            error(ctx, 503, Sharing.OFF_IN_CLUSTER);
            return;
        }
        long announced = ctx.req().getContentLengthLong();
        long max = sharing.store().maxFile();
        if (multipart && announced > max + CHUNK) { // the parts' headers take a little more than the file
            error(ctx, 413, "the upload is " + announced + " bytes, over the limit of " + max + " bytes; nothing was kept");
            return;
        }
        InputStream body = ctx.req().getInputStream();
        if (multipart) {
            Part part = filePart(ctx, max);
            if (part == null) {
                return;
            }
            name = part.getSubmittedFileName();
            announced = part.getSize();
            body = part.getInputStream();
        }
        Upload upload;
        try {
            upload = sharing.begin(member != null ? member.room() : room, name == null ? "upload" : name, announced);
        } catch (FileRefused e) {
            error(ctx, e.tooLarge() ? 413 : 503, e.getMessage());
            return;
        }
        StoredFile file;
        try (InputStream in = body) {
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) >= 0;) {
                upload.write(buffer, 0, n);
            }
            file = upload.finish();
        } catch (IOException e) {
            upload.abort();
            error(ctx, 400, "the upload was cut short after " + upload.written() + " bytes; nothing was kept");
            return;
        } catch (FileRefused e) {
            error(ctx, e.tooLarge() ? 413 : 400, e.getMessage());
            return;
        }
        Posted posted = sharing.share(member, room, nick, "api", file);
        if (posted.message() == null) {
            error(ctx, posted.unavailable() ? 503 : posted.conflict() ? 409 : 400, posted.problem());
            return;
        }
        ctx.status(201).contentType("application/json").result(JsonFormat.INSTANCE.encode(posted.message()));
    }

    /** The page's {@code file} part, parsed by Jetty within the size limit; null once refused. */
    private static Part filePart(Context ctx, long max) throws IOException, ServletException {
        ctx.req().setAttribute("org.eclipse.jetty.multipartConfig", new MultipartConfigElement(
                System.getProperty("java.io.tmpdir"), max, max + CHUNK, CHUNK));
        Part part;
        try {
            part = ctx.req().getPart("file");
        } catch (IllegalStateException e) { // Jetty's answer to a part over the limit
            error(ctx, 413, "the file is over the limit of " + max + " bytes; nothing was kept");
            return null;
        } catch (IOException | ServletException e) {
            error(ctx, 400, "could not read the upload (" + e.getMessage() + "); send multipart/form-data with a"
                    + " \"file\" part, or PUT the raw bytes");
            return null;
        }
        if (part == null || part.getSubmittedFileName() == null) {
            error(ctx, 400, "no \"file\" part in the form; send multipart/form-data with a \"file\" part");
            return null;
        }
        return part;
    }

    private void download(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (!sharing.keyAdmits(id, ctx.queryParam("key"))) {
            gate.requireSignIn(ctx); // a cookie or a bearer key, like the API; throws if neither
        }
        StoredFile file = sharing.find(id);
        if (file == null) {
            error(ctx, 404, "no such file: it was never shared, or it expired");
            return;
        }
        boolean inline = FileTypes.inline(file.type());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.header("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + ascii(file.name())
                + "\"; filename*=UTF-8''" + URLEncoder.encode(file.name(), StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A"));
        ctx.header("Cache-Control", "private, max-age=86400");
        ctx.res().setContentType(file.type());
        ctx.res().setContentLengthLong(file.size());
        try (OutputStream out = ctx.res().getOutputStream()) {
            Files.copy(sharing.store().content(file.id()), out);
        }
    }

    /** The name for the plain filename parameter: ASCII, no quotes or backslashes. */
    private static String ascii(String name) {
        return name.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
