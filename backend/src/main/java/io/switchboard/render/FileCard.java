package io.switchboard.render;

import static io.switchboard.render.Html.escape;

import io.switchboard.core.Event;
import io.switchboard.core.SharedFile;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A shared file in the page's message list: an image as a thumbnail that links to it, anything
 * else as a card with its name, size, SHA-256 and a download link. Links are relative to the page
 * (the session cookie goes with them); every piece of the file's description is escaped.
 */
final class FileCard {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private FileCard() {
    }

    static void append(StringBuilder out, Event.Shared s) {
        SharedFile f = s.file();
        String href = escape(f.path());
        out.append("<article class=\"msg file\" data-id=\"").append(s.id()).append("\" data-via=\"")
                .append(escape(s.via())).append("\" data-sha256=\"").append(escape(f.sha256())).append("\">")
                .append("<time datetime=\"").append(s.at()).append("\">")
                .append(CLOCK.format(s.at().atZone(ZoneOffset.UTC))).append("</time> ")
                .append("<b class=\"nick\">").append(escape(s.nick())).append("</b> <span class=\"via\">")
                .append(escape(s.via())).append("</span> <span class=\"text\">shared</span> ")
                .append("<span class=\"card-row\"><span class=\"card\">");
        if (f.image()) {
            out.append("<a class=\"thumb\" href=\"").append(href).append("\" target=\"_blank\" rel=\"noopener\">")
                    .append("<img src=\"").append(href).append("\" alt=\"").append(escape(f.name()))
                    .append("\" loading=\"lazy\"></a> ");
        }
        out.append("<a class=\"name\" href=\"").append(href).append("\" download=\"").append(escape(f.name()))
                .append("\">").append(escape(f.name())).append("</a> <span class=\"size\">")
                .append(Sizes.human(f.size())).append("</span> <code class=\"sha\" title=\"SHA-256 ")
                .append(escape(f.sha256())).append("\">sha256 ").append(escape(f.sha256().substring(0, 12)))
                .append("\u2026</code></span></span></article>");
    }
}
