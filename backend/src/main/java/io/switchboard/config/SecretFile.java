package io.switchboard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code --secret-file}: the secret is the file's first line, trimmed; shared by serve and client. */
public final class SecretFile {
    private SecretFile() {
    }

    /** The secret, or an IllegalArgumentException saying what is wrong with the file. */
    public static String read(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--secret-file " + file + " is empty");
            }
            return first;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read --secret-file " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
