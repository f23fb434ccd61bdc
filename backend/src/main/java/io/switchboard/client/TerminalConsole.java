package io.switchboard.client;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The client in a real terminal, through JLine: the same line editing a telnet member gets from
 * the server (history, Tab completion of commands and nicks, width-aware editing), a prompt with
 * nick and room, and the server's lines printed above the line being typed, never into it.
 */
final class TerminalConsole implements Console {
    private static final List<String> COMMANDS = List.of("/nick", "/join", "/who", "/rooms", "/me", "/msg",
            "/history", "/help", "/quit");
    private static final Pattern WELCOME = Pattern.compile("^-!- welcome to Switchboard, (\\S+)! you are in #(\\S+) ");
    private static final Pattern RENAMED = Pattern.compile("^-!- (\\S+) is now known as (\\S+)$");
    private static final Pattern JOINED = Pattern.compile("^-!- (\\S+) joined #(\\S+) ");
    private static final Pattern SPEAKER = Pattern.compile("^(?:\\[\\d\\d:\\d\\d] )?<(\\S+)> |^-!- {3}(\\S+) \\(");

    private final Terminal terminal;
    private final LineReader reader;
    private final Set<String> nicks = ConcurrentHashMap.newKeySet();
    private volatile String nick = "";
    private volatile String room = "";

    TerminalConsole() throws IOException {
        terminal = TerminalBuilder.builder().system(true).build();
        reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("switchboard")
                // The line typed goes; the room's copy of it comes back as the record, as on the server's editor.
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .completer((lineReader, line, candidates) -> {
                    List<String> pool = line.wordIndex() == 0 && line.word().startsWith("/") ? COMMANDS
                            : List.copyOf(nicks);
                    for (String word : pool) {
                        candidates.add(new Candidate(word));
                    }
                })
                .build();
        // At the start of every readLine: the prompt passed in may be older than a rename that
        // arrived while it was being called, so set the current one there too.
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            if (reader instanceof LineReaderImpl impl) {
                impl.setPrompt(prompt());
            }
            return true;
        });
    }

    @Override
    public String readLine() {
        while (true) {
            try {
                return reader.readLine(prompt());
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as in a shell; Ctrl-D ends.
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void show(String line) {
        learn(line);
        if (reader instanceof LineReaderImpl impl) {
            impl.setPrompt(prompt()); // the redraw after printAbove shows a changed nick or room
        }
        reader.printAbove(line);
    }

    /** Follows the member's own nick and room, and the nicks there are to complete. */
    private void learn(String line) {
        Matcher m = WELCOME.matcher(line);
        if (m.find()) {
            nick = m.group(1);
            room = m.group(2);
            return;
        }
        m = RENAMED.matcher(line);
        if (m.find()) {
            nicks.remove(m.group(1));
            nicks.add(m.group(2));
            if (m.group(1).equals(nick)) {
                nick = m.group(2);
            }
            return;
        }
        m = JOINED.matcher(line);
        if (m.find()) {
            nicks.add(m.group(1));
            if (m.group(1).equals(nick)) {
                room = m.group(2);
            }
            return;
        }
        m = SPEAKER.matcher(line);
        if (m.find()) {
            nicks.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
    }

    private String prompt() {
        return nick.isEmpty() ? "> " : "[" + nick + " #" + room + "] ";
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // the terminal is going away with the process
        }
    }
}
