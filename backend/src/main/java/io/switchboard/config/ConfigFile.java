package io.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Options from a file given with {@code --config}: a {@code .toml} file, or Java properties
 * otherwise. Each key is an option's name without its dashes ({@code tcp-port = 2323}); a list
 * is a TOML array or, in properties, comma-separated. Every key is checked against the options,
 * so a typo is an error that names it instead of a setting silently ignored.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** The file's options as their command-line text, by name; fails with a one-line message naming the problem. */
    public static Map<String, String> read(Path file, Collection<String> known) {
        Map<String, String> values;
        try {
            values = file.getFileName().toString().endsWith(".toml") ? toml(file) : properties(file);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException("cannot read the config file " + file + ": " + message + " (--config)");
        }
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" in the config file " + file
                        + "; keys are option names without the dashes, e.g. tcp-port (see --help)");
            }
        }
        return values;
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key.strip(), properties.getProperty(key).strip());
        }
        return values;
    }

    private static Map<String, String> toml(Path file) throws IOException {
        JsonNode root = new TomlMapper().readTree(file.toFile());
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null) {
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                throw new IOException("[" + entry.getKey() + "] is a table; options are top-level keys like"
                        + " tcp-port = 2323");
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                values.put(entry.getKey(), String.join(",", items));
            } else {
                values.put(entry.getKey(), value.asText());
            }
        }
        return values;
    }
}
