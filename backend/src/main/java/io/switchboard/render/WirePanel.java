package io.switchboard.render;

import static io.switchboard.render.Html.escape;

import io.switchboard.core.Envelope;
import java.nio.charset.StandardCharsets;

/**
 * The page's "on the wire" panel: one chat event as each kind of member received it, byte for
 * byte, so the page shows the B/S vs C/S contrast. The other formats' payloads come from the
 * event's envelope, where each is encoded at most once whoever asks first.
 */
final class WirePanel {
    private WirePanel() {
    }

    /** Appends the panel's out-of-band fragment for the envelope's event. */
    static void append(StringBuilder out, Envelope envelope) {
        byte[] tcp = envelope.encoded(LineFormat.CRLF);
        byte[] udp = envelope.encoded(LineFormat.LF);
        String json = envelope.encoded(JsonFormat.INSTANCE);
        if (tcp == null || udp == null || json == null) {
            return;
        }
        String datagrams = new String(udp, StandardCharsets.UTF_8);
        int count = datagrams.split("\n", -1).length - 1; // the UDP sink sends each line alone
        out.append("<div id=\"wire\" hx-swap-oob=\"innerHTML\">")
                .append("<p>telnet and nc (TCP) got a text line ending in CR LF:</p><pre>")
                .append(visible(new String(tcp, StandardCharsets.UTF_8), "\r\n"))
                .append("</pre><p>nc -u (UDP) got ").append(count == 1 ? "a datagram" : count + " datagrams")
                .append(", one line each, ending in LF:</p><pre>")
                .append(visible(datagrams, "\n"))
                .append("</pre><p>programs on the JSON WebSocket got a text frame:</p><pre>")
                .append(escape(json))
                .append("</pre><p>this page got an HTML fragment, swapped in by htmx.</p></div>");
    }

    /**
     * The lines escaped, each line end {@code eol} spelled out as {@code \r\n} or {@code \n} (fonts
     * seldom have the control pictures) and still breaking the line.
     */
    private static String visible(String lines, String eol) {
        String shown = eol.equals("\r\n") ? "\\r\\n" : "\\n";
        StringBuilder out = new StringBuilder(lines.length() + 64);
        for (String line : lines.split(eol, -1)) {
            if (!line.isEmpty()) {
                out.append(out.length() == 0 ? "" : "\n").append(escape(line))
                        .append("<span class=\"eol\">").append(shown).append("</span>");
            }
        }
        return out.toString();
    }
}
