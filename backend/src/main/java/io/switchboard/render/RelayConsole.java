package io.switchboard.render;

import io.switchboard.config.RelayTarget;
import java.util.List;

/**
 * The page's relay consoles: one per allow-listed target, to type a line, read the replies and see
 * the connection's state and close reason. The behaviour is in {@code web/static/relay.js}; with no
 * targets the page has no relay section at all.
 */
public final class RelayConsole {
    private RelayConsole() {
    }

    /** The relay section's markup (escaped here, so the page may insert it as is); empty without targets. */
    public static String render(List<RelayTarget> targets) {
        if (targets.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder(512 + 768 * targets.size());
        html.append("<section class=\"relays\" aria-label=\"Relays\">\n")
                .append("    <h2>Relays <small>browser → gateway → raw socket</small></h2>\n")
                .append("    <p class=\"hint\">Talk to a TCP or UDP server the operator allow-listed, through a"
                        + " WebSocket (what websockify does). Each line you send is one line upstream; each line"
                        + " back is shown as it comes.</p>\n")
                .append("    <div class=\"relay-list\">\n");
        for (RelayTarget target : targets) {
            String name = Html.escape(target.name());
            html.append("      <article class=\"relay\" data-relay=\"").append(name)
                    .append("\" data-url=\"relay/").append(name).append("?mode=lines\">\n")
                    .append("        <header class=\"relay-head\">\n")
                    .append("          <h3>").append(name).append("</h3>\n")
                    .append("          <code class=\"relay-target\">").append(Html.escape(target.uri())).append("</code>\n")
                    .append("          <button type=\"button\" class=\"relay-toggle\">Connect</button>\n")
                    .append("        </header>\n")
                    .append("        <p class=\"relay-state\" data-kind=\"closed\" role=\"status\">closed</p>\n")
                    .append("        <div class=\"relay-log\" role=\"log\" aria-live=\"polite\"></div>\n")
                    .append("        <form class=\"relay-form\" autocomplete=\"off\">\n")
                    .append("          <input name=\"line\" placeholder=\"a line for ").append(name)
                    .append("\" aria-label=\"line to send to ").append(name).append("\">\n")
                    .append("          <button type=\"submit\">Send</button>\n")
                    .append("        </form>\n")
                    .append("      </article>\n");
        }
        return html.append("    </div>\n")
                .append("    <script src=\"static/relay.js\" defer></script>\n")
                .append("  </section>").toString();
    }
}
