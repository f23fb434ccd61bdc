package io.switchboard.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page: {@code web/page.html} with its {@code {{name}}} slots filled in, HTML-escaped, and its
 * {@code {{{name}}}} slots with markup built in this package (trusted: it escapes its own text).
 * The template is read once; the filled page is built once per server, since nothing in it
 * changes while the server runs (everything live arrives over the WebSocket).
 */
public final class Page {
    private static final Pattern SLOT = Pattern.compile("\\{\\{\\{([a-zA-Z]+)}}}|\\{\\{([a-zA-Z]+)}}");

    private Page() {
    }

    /** The chat page with its slots filled. */
    public static String render(Map<String, String> values) {
        return render("page.html", values);
    }

    /**
     * {@code web/<template>} with every slot replaced by the value of the same name: escaped for
     * {@code {{name}}}, as is for {@code {{{name}}}} (markup built in this package only).
     */
    public static String render(String template, Map<String, String> values) {
        String text = resource("/web/" + template);
        Matcher slot = SLOT.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (slot.find()) {
            boolean markup = slot.group(1) != null;
            String name = markup ? slot.group(1) : slot.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("page slot {{" + name + "}} has no value");
            }
            slot.appendReplacement(out, Matcher.quoteReplacement(markup ? value : Html.escape(value)));
        }
        slot.appendTail(out);
        return out.toString();
    }

    /** The version of the htmx webjar on the classpath, so the page links the file that is there. */
    public static String htmxVersion() {
        try (InputStream in = Page.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the htmx.org webjar is missing from the classpath");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = Page.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
