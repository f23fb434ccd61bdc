package io.switchboard.telnet;

import java.util.Arrays;
import java.util.List;

/**
 * A file sent over the line protocol: the line {@code /file NAME SIZE}, a length header, then exactly
 * SIZE raw bytes. A stream keeps no boundaries (the seeds' "sticky packets": the header, the content
 * and the next command may come in one read, or the content in a thousand), so after the header this
 * counts the bytes off as they come, wherever reads split them, and hands the stream back to the line
 * decoder right after the last one.
 */
final class FileFraming {
    static final String USAGE = "send /file NAME SIZE, then exactly SIZE bytes, e.g."
            + " { printf '/file notes.txt %d\\n' \"$(stat -c%s notes.txt)\"; cat notes.txt; } | nc HOST PORT";
    private static final String COMMAND = "/file";

    private long left;
    private boolean dropLf; // the header ended in CR: an LF or NUL right after it ends its line, it is not content

    private FileFraming(long size, boolean dropLf) {
        this.left = size;
        this.dropLf = dropLf;
    }

    /** What a terminal whose stream is telnet is told: 0xFF is a command there, and no one types a file. */
    static final Terminal.Input TELNET = new Terminal.Input.NoFile("telnet cannot send a file's raw bytes; use nc"
            + " or curl -T instead: " + USAGE);

    /**
     * Acts on a header line: adds what it means to {@code into} and returns the counter for the bytes
     * that follow, or null when none do (a bad header, an empty file, or a telnet client).
     */
    static FileFraming start(String line, TelnetCodec codec, LineDecoder lines, List<Terminal.Input> into) {
        Terminal.Input parsed = codec.spoken() ? TELNET : parse(line);
        into.add(parsed);
        if (!(parsed instanceof Terminal.Input.FileStart start)) {
            return null;
        }
        if (start.size() == 0) {
            into.add(new Terminal.Input.FileEnd(true));
            return null;
        }
        codec.pause(); // the bytes after this one are the file's
        return new FileFraming(start.size(), lines.takeCr());
    }

    /** Whether {@code line} is a /file command at all. */
    static boolean isHeader(String line) {
        return line.equals(COMMAND) || line.startsWith(COMMAND + " ");
    }

    /** The header's meaning: a {@link Terminal.Input.FileStart}, or a {@link Terminal.Input.NoFile} saying how. */
    static Terminal.Input parse(String line) {
        String args = line.substring(COMMAND.length()).strip();
        int space = args.lastIndexOf(' ');
        if (space < 0) {
            return new Terminal.Input.NoFile("a name and a size are needed: " + USAGE);
        }
        String name = args.substring(0, space).strip();
        String size = args.substring(space + 1);
        if (!size.matches("[0-9]{1,18}")) {
            return new Terminal.Input.NoFile("\"" + size + "\" is not a size in bytes: " + USAGE);
        }
        return new Terminal.Input.FileStart(name, Long.parseLong(size));
    }

    /**
     * Takes this file's part of {@code count} bytes at {@code offset} as a
     * {@link Terminal.Input.FileData} (and a {@link Terminal.Input.FileEnd} after the last byte);
     * returns how many bytes it took.
     */
    int take(byte[] bytes, int offset, int count, List<Terminal.Input> into) {
        int taken = 0;
        if (dropLf && count > 0) {
            dropLf = false;
            if (bytes[offset] == '\n' || bytes[offset] == 0) {
                taken = 1;
            }
        }
        int n = (int) Math.min(left, count - taken);
        if (n > 0) {
            into.add(new Terminal.Input.FileData(Arrays.copyOfRange(bytes, offset + taken, offset + taken + n)));
            left -= n;
            taken += n;
        }
        if (left == 0 && !dropLf) {
            into.add(new Terminal.Input.FileEnd(true));
        }
        return taken;
    }

    /** Whether every byte has been counted. */
    boolean done() {
        return left == 0 && !dropLf;
    }
}
