package io.switchboard.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What this jar was built from: the pom's version and the git commit, written in by Maven at build time. */
public final class Build {
    private static final Properties BUILT = load();

    private Build() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return value("version");
    }

    /** The abbreviated commit the jar was built from; "unknown" outside git. */
    public static String commit() {
        return value("commit");
    }

    /** One line for --version and the banner. */
    public static String describe() {
        return "switchboard " + version() + " (commit " + commit() + ")";
    }

    private static String value(String key) {
        String value = BUILT.getProperty(key, "");
        // Unfiltered (an IDE build, a build outside git) leaves the ${...} placeholder in place.
        return value.isBlank() || value.contains("${") ? "unknown" : value.strip();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("/io/switchboard/build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource just means "unknown"
        }
        return properties;
    }
}
