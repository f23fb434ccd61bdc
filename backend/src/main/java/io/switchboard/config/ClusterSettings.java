package io.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * Cluster mode: where the shared Redis is and how this node shows itself to the others.
 *
 * @param host      Redis host
 * @param port      Redis port
 * @param database  Redis logical database (0-15 on a default server), so clusters can share one Redis
 * @param user      ACL user, or null for the default user
 * @param password  password, or null when Redis has none; never printed
 * @param node      this node's name in rosters and in Redis keys
 * @param ttl       how long a silent node counts as alive: a node that dies is forgotten after this
 * @param streamMax entries each room's stream keeps (trimmed with {@code MAXLEN ~})
 * @param streamRooms rooms whose streams Redis keeps: past this, the stream of the room used least
 *                  recently that no one is in is deleted, so history in Redis is bounded in total
 */
public record ClusterSettings(String host, int port, int database, String user, String password, String node,
        Duration ttl, int streamMax, int streamRooms) {

    /** Not in a cluster: nothing about Redis is loaded. */
    public static final ClusterSettings NONE = new ClusterSettings("", 0, 0, null, null, "", Duration.ofSeconds(5),
            1000, 1000);

    public ClusterSettings {
        if (!host.isEmpty()) {
            if (!node.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new IllegalArgumentException("--node must be 1-32 letters, digits, '.', '_' or '-', not \""
                        + node + "\"");
            }
            Settings.atLeast("--cluster-ttl", ttl.toMillis(), 300);
            Settings.atLeast("cluster stream length", streamMax, 10);
            Settings.atLeast("cluster streams", streamRooms, 1);
        }
    }

    /** The same, keeping the streams of at most {@code rooms} rooms. */
    public ClusterSettings withStreamRooms(int rooms) {
        return new ClusterSettings(host, port, database, user, password, node, ttl, streamMax, rooms);
    }

    public boolean enabled() {
        return !host.isEmpty();
    }

    /** How often this node says it is alive: a few beats fit in one ttl, so one lost beat is harmless. */
    public Duration beat() {
        return ttl.dividedBy(4);
    }

    /**
     * Parses {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]}; {@code node} null picks a name
     * from the host name and a random suffix, unique enough for a roster.
     */
    public static ClusterSettings parse(String uri, String node, Duration ttl, int streamMax) {
        if (uri == null || uri.isBlank()) {
            return NONE;
        }
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw invalid(uri);
        }
        if (!"redis".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null) {
            throw invalid(uri);
        }
        int port = parsed.getPort() == -1 ? 6379 : parsed.getPort();
        int database = 0;
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid(uri);
            }
            if (database < 0) {
                throw invalid(uri);
            }
        }
        String user = null;
        String password = null;
        String info = parsed.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = info; // redis://SECRET@host: the common short form
            } else {
                user = colon == 0 ? null : info.substring(0, colon);
                password = info.substring(colon + 1);
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }
        String name = node != null ? node : defaultNode();
        return new ClusterSettings(parsed.getHost(), port, database, user, password, name, ttl, streamMax, 1000);
    }

    private static String defaultNode() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "");
        host = host.substring(0, Math.min(host.length(), 24));
        return (host.isEmpty() ? "node" : host) + "-"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000))
                        .toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalid(String uri) {
        String shown = uri.replaceAll("//[^@/]*@", "//***@"); // never echo a password
        return new IllegalArgumentException("--cluster takes redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], not " + shown);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return enabled() ? "redis://" + (password == null ? "" : "***@") + host + ":" + port + "/" + database
                + " as " + node : "off";
    }
}
