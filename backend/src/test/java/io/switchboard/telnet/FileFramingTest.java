package io.switchboard.telnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The /file length header in the terminal's decoding path: exactly SIZE raw bytes after the header,
 * wherever the reads split them, and lines again from the byte after the last one.
 */
class FileFramingTest {
    private final Terminal terminal = new Terminal(4096, new Terminal.Host() {
        @Override
        public String prompt() {
            return "";
        }

        @Override
        public List<String> candidates(String word, boolean first) {
            return List.of();
        }
    });
    private final List<Terminal.Input> inputs = new ArrayList<>();

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) 0xFF; // IAC, and newlines inside: none of it means anything in a file
        bytes[1] = '\n';
        bytes[2] = '\r';
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void feedInPieces(byte[] all, int piece) {
        for (int i = 0; i < all.length; i += piece) {
            terminal.receive(all, i, Math.min(piece, all.length - i), inputs);
        }
    }

    private byte[] fileBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Terminal.Input input : inputs) {
            if (input instanceof Terminal.Input.FileData data) {
                out.writeBytes(data.bytes());
            }
        }
        return out.toByteArray();
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Terminal.Input input : inputs) {
            if (input instanceof Terminal.Input.Line line) {
                lines.add(line.text());
            }
        }
        return lines;
    }

    @Test
    void theBytesAfterTheHeaderAreTheFileAndTheNextCommandIsALineWhateverTheReads() {
        byte[] file = content(50_000); // over the seeds' 40,960-byte cut-off
        byte[] stream = concat(ascii("before\n/file notes.bin 50000\n"), file, ascii("/me after\nlast\n"));
        for (int piece : new int[] {1, 7, 4096, stream.length}) {
            inputs.clear();
            feedInPieces(stream, piece);
            assertArrayEquals(file, fileBytes(), "pieces of " + piece);
            assertEquals(List.of("before", "/me after", "last"), lines(), "pieces of " + piece);
            assertEquals(new Terminal.Input.FileStart("notes.bin", 50_000), inputs.get(1));
            assertEquals(new Terminal.Input.FileEnd(true), inputs.stream()
                    .filter(i -> i instanceof Terminal.Input.FileEnd).findFirst().orElseThrow());
        }
    }

    @Test
    void aHeaderEndingInCrLfDoesNotGiveItsLfToTheFile() {
        byte[] file = ascii("\nstarts with a newline");
        feedInPieces(concat(ascii("/file a.txt " + file.length + "\r\n"), file, ascii("next\n")), 3);
        assertArrayEquals(file, fileBytes());
        assertEquals(List.of("next"), lines());
    }

    @Test
    void anEmptyFileEndsAtItsHeader() {
        feedInPieces(ascii("/file empty 0\nhello\n"), 100);
        assertEquals(List.of(new Terminal.Input.FileStart("empty", 0), new Terminal.Input.FileEnd(true),
                new Terminal.Input.Line("hello")), inputs);
    }

    @Test
    void aStreamThatEndsEarlyCutsTheFileShort() {
        feedInPieces(concat(ascii("/file half 100\n"), content(40)), 16);
        terminal.finish(inputs);
        assertEquals(40, fileBytes().length);
        assertEquals(new Terminal.Input.FileEnd(false), inputs.get(inputs.size() - 1));
    }

    @Test
    void aBadHeaderSaysHowAndStartsNoFile() {
        feedInPieces(ascii("/file\n/file name-only\n/file x 12k\n/filename is chat\n"), 5);
        long refusals = inputs.stream().filter(i -> i instanceof Terminal.Input.NoFile).count();
        assertEquals(3, refusals);
        assertTrue(((Terminal.Input.NoFile) inputs.get(2)).reason().contains("not a size in bytes"));
        assertEquals(List.of("/filename is chat"), lines());
    }

    @Test
    void aNameMayHoldSpaces() {
        feedInPieces(ascii("/file my holiday notes.txt 2\nok"), 100);
        assertEquals(new Terminal.Input.FileStart("my holiday notes.txt", 2), inputs.get(0));
        assertArrayEquals(ascii("ok"), fileBytes());
    }

    @Test
    void aTelnetClientIsToldToUseNcOrCurl() {
        byte[] willTtype = {(byte) 0xFF, (byte) 0xFB, 24}; // IAC WILL TERMINAL-TYPE: a telnet client
        feedInPieces(concat(willTtype, ascii("/file x 3\nabc\n")), 100);
        Terminal.Input.NoFile refused = (Terminal.Input.NoFile) inputs.stream()
                .filter(i -> i instanceof Terminal.Input.NoFile).findFirst().orElseThrow();
        assertTrue(refused.reason().contains("use nc or curl"), refused.reason());
        assertEquals(List.of("abc"), lines());
    }
}
