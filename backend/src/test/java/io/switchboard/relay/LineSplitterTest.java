package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lines mode's framing: lines from a byte stream cut anywhere, UTF-8 intact, memory bounded. */
@Timeout(10)
class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private void feed(LineSplitter splitter, byte[] bytes) {
        splitter.feed(bytes, 0, bytes.length, lines::add);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void severalLinesInOneReadAndOneLineOverSeveralReads() {
        LineSplitter splitter = new LineSplitter(1024);
        feed(splitter, utf8("one\ntwo\r\nthr"));
        assertEquals(List.of("one", "two"), lines);
        feed(splitter, utf8("ee"));
        feed(splitter, utf8("\n\n"));
        assertEquals(List.of("one", "two", "three", ""), lines, "an empty line is an empty message");
        assertEquals(0, splitter.pending());
        assertNull(splitter.finish());
    }

    @Test
    void aCharacterSplitAcrossReadsAtEveryByteIsDecodedWhole() {
        byte[] text = utf8("小明 😀 grüß\n");
        for (int cut = 1; cut < text.length; cut++) {
            lines.clear();
            LineSplitter splitter = new LineSplitter(1024);
            splitter.feed(text, 0, cut, lines::add);
            splitter.feed(text, cut, text.length - cut, lines::add);
            assertEquals(List.of("小明 😀 grüß"), lines, "cut at byte " + cut);
        }
    }

    @Test
    void byteByByteWorksToo() {
        LineSplitter splitter = new LineSplitter(64);
        for (byte b : utf8("é\r\nü\n")) {
            splitter.feed(new byte[] {b}, 0, 1, lines::add);
        }
        assertEquals(List.of("é", "ü"), lines);
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        LineSplitter splitter = new LineSplitter(64);
        feed(splitter, new byte[] {'a', (byte) 0xFF, 'b', '\n'});
        assertEquals(List.of("a\uFFFDb"), lines);
    }

    @Test
    void anEndlessLineIsSentInBoundedPiecesCutBetweenCharacters() {
        LineSplitter splitter = new LineSplitter(16);
        // 7 three-byte characters = 21 bytes: the 16-byte bound falls inside the sixth one.
        feed(splitter, utf8("明".repeat(7)));
        assertEquals(List.of("明".repeat(5)), lines);
        assertTrue(splitter.pending() <= 16);
        feed(splitter, utf8("\n"));
        assertEquals(List.of("明".repeat(5), "明".repeat(2)), lines);
        for (int i = 0; i < 1000; i++) {
            feed(splitter, utf8("x".repeat(100)));
            assertTrue(splitter.pending() <= 16, "never more than the bound held");
        }
        lines.forEach(line -> assertTrue(utf8(line).length <= 16, line));
    }

    @Test
    void whatIsLeftAtTheEndOfTheStreamIsTheLastLine() {
        LineSplitter splitter = new LineSplitter(64);
        feed(splitter, utf8("done\nno newline"));
        assertEquals("no newline", splitter.finish());
        assertNull(splitter.finish());
    }
}
