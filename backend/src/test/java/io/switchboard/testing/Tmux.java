package io.switchboard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real terminal for a real client: the program runs in a detached tmux session (its own tmux
 * server, so tests never meet), keys go in with send-keys and the screen comes back with
 * capture-pane. Fails loudly when tmux is missing: `.ci/run` installs it.
 */
public final class Tmux implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private final String server = "switchboard-test-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();

    /** Starts {@code command} in a {@code columns} × {@code rows} terminal, in a UTF-8 locale. */
    public Tmux(int columns, int rows, String... command) throws IOException {
        // The pane stays when the program ends, so a test that fails can show its last words.
        List<String> args = new ArrayList<>(List.of("start-server", ";", "set-option", "-g", "remain-on-exit", "on",
                ";", "new-session", "-d", "-s", "t", "-x", String.valueOf(columns),
                "-y", String.valueOf(rows), "--"));
        args.add("env");
        args.add("LANG=C.UTF-8");
        args.add("LC_ALL=C.UTF-8");
        args.addAll(Arrays.asList(command));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} as it is (any script). */
    public Tmux type(String text) throws IOException {
        tmux("send-keys", "-t", "t", "-l", text);
        return this;
    }

    /** Presses keys by tmux's names: Enter, BSpace, Up, Left, C-u ... */
    public Tmux press(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(Arrays.asList(keys));
        tmux(args.toArray(String[]::new));
        return this;
    }

    /** The screen as text, trailing blanks trimmed. */
    public String screen() throws IOException {
        return tmux("capture-pane", "-t", "t", "-p");
    }

    /** The screen with its colours, as escape sequences. */
    public String screenWithColours() throws IOException {
        return tmux("capture-pane", "-t", "t", "-p", "-e");
    }

    /** The screen's last line that is not blank. */
    public static String lastLine(String screen) {
        String[] lines = screen.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].stripTrailing();
            }
        }
        return "";
    }

    /** Waits until the screen matches; returns it. */
    public String await(Predicate<String> wanted, String what) {
        String[] last = {""};
        try {
            Waits.until(() -> wanted.test(last[0] = screenQuietly()), what + " on the terminal's screen");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the screen:\n" + last[0], e);
        }
        return last[0];
    }

    /** Waits until the screen's last line is {@code line} (the input line, in a chat client). */
    public String awaitLastLine(String line) {
        return await(s -> lastLine(s).equals(line), "a last line \"" + line + "\"");
    }

    public String awaitContaining(String part) {
        return await(s -> s.contains(part), "\"" + part + "\"");
    }

    private String screenQuietly() {
        try {
            return screen();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String tmux(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server, "-f", "/dev/null"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // the session's program ended and took the server with it: nothing to kill
        }
    }
}
