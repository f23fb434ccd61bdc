package io.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One allow-listed relay target, from {@code --relay NAME=tcp://HOST:PORT} or {@code NAME=udp://HOST:PORT}.
 * The browser only ever names a target; host and port come from here, never from a request.
 *
 * @param name      what the browser asks for, in {@code /relay/NAME}
 * @param transport TCP (a byte stream) or UDP (datagrams)
 * @param host      host name or IP address (an IPv6 literal without brackets)
 * @param port      1 to 65535
 */
public record RelayTarget(String name, Transport transport, String host, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final String FORM = "NAME=tcp://HOST:PORT or NAME=udp://HOST:PORT";

    /** How bytes travel to the target. */
    public enum Transport {
        TCP, UDP;

        /** The URI scheme: tcp or udp. */
        public String scheme() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RelayTarget {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--relay name \"" + name + "\" must be 1-32 letters, digits, '_', '-'"
                    + " or '.', starting with a letter or digit");
        }
        if (transport == null || host == null || host.isBlank()) {
            throw new IllegalArgumentException("--relay " + name + " needs a transport and a host: " + FORM);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--relay " + name + " needs a port from 1 to 65535, not " + port);
        }
    }

    /** Parses {@code NAME=tcp://HOST:PORT} or {@code NAME=udp://HOST:PORT}; the error names {@code --relay}. */
    public static RelayTarget parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw bad(text, "");
        }
        String name = text.substring(0, eq);
        URI uri;
        try {
            uri = new URI(text.substring(eq + 1));
        } catch (URISyntaxException e) {
            throw bad(text, ": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "tcp" -> Transport.TCP;
            case "udp" -> Transport.UDP;
            default -> throw bad(text, ": the scheme must be tcp or udp");
        };
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw bad(text, ": it needs a host and a port");
        }
        boolean extra = uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty());
        if (extra) {
            throw bad(text, ": only a host and a port may follow the scheme");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RelayTarget(name, transport, host, uri.getPort());
    }

    /** The target as the operator wrote it, e.g. {@code tcp://127.0.0.1:7000}. */
    public String uri() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return transport.scheme() + "://" + shown + ":" + port;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--relay must be " + FORM + ", not \"" + spec + "\"" + why);
    }
}
