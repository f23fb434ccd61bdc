package io.switchboard.telnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line discipline of a client that edits locally, fed through the telnet layer as a connection feeds it. */
class LineDecoderTest {
    private final List<String> lines = new ArrayList<>();
    private final Terminal terminal = new Terminal(16, new Terminal.Host() {
        @Override
        public String prompt() {
            return "";
        }

        @Override
        public List<String> candidates(String word, boolean first) {
            return List.of();
        }
    });
    private final Decoder decoder = new Decoder();

    /** Feeds the terminal and collects its lines as the tests below expect them. */
    private final class Decoder {
        void feed(byte[] bytes, int offset, int count) {
            List<Terminal.Input> inputs = new ArrayList<>();
            terminal.receive(bytes, offset, count, inputs);
            collect(inputs);
        }

        void finish() {
            List<Terminal.Input> inputs = new ArrayList<>();
            terminal.finish(inputs);
            collect(inputs);
        }

        private void collect(List<Terminal.Input> inputs) {
            for (Terminal.Input input : inputs) {
                if (input instanceof Terminal.Input.Line line) {
                    lines.add(line.text());
                } else if (input instanceof Terminal.Input.TooLong tooLong) {
                    lines.add("TOO LONG " + tooLong.limit());
                }
            }
        }
    }

    private void feed(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        decoder.feed(b, 0, b.length);
    }

    private void feed(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        decoder.feed(b, 0, b.length);
    }

    @Test
    void everyLineEndingEndsALine() {
        feed("lf\ncrlf\r\ncr\rnul\r\0end\n");
        assertEquals(List.of("lf", "crlf", "cr", "nul", "end"), lines);
    }

    @Test
    void telnetNegotiationIsConsumed() {
        // IAC DO ECHO, IAC WILL SGA, subnegotiation (terminal type), IAC NOP, escaped 0xFF
        feed(0xFF, 0xFD, 0x01, 'h', 0xFF, 0xFB, 0x03, 'i', 0xFF, 0xFA, 0x18, 0x00, 'x', 't', 0xFF, 0xF0,
                0xFF, 0xF1, '!', '\r', '\n');
        assertEquals(List.of("hi!"), lines);
    }

    @Test
    void backspaceAndDeleteEditWholeCharacters() {
        feed("hex\b");
        feed("lp你");
        feed(0x7F);
        feed("!\r\n");
        assertEquals(List.of("help!"), lines);
        lines.clear();
        feed("abc");
        feed(0xFF, 0xF8); // telnet erase line
        feed("ok");
        feed(0xFF, 0xF7); // telnet erase character
        feed("\n");
        assertEquals(List.of("o"), lines);
    }

    @Test
    void aCharacterSplitAcrossReadsDecodesWhole() {
        for (byte b : "你好\n".getBytes(StandardCharsets.UTF_8)) {
            decoder.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("你好"), lines);
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        feed('a', 0xC3, 'b', 0x80, '\n');
        assertEquals(List.of("a\uFFFDb\uFFFD"), lines);
    }

    @Test
    void anOverLongLineIsReportedAndTheNextLineIsFine() {
        feed("0123456789abcdef"); // exactly the limit: fine
        feed("\n");
        feed("0123456789abcdefX and much more that is never kept\nnext\n");
        assertEquals(List.of("0123456789abcdef", "TOO LONG 16", "next"), lines);
    }

    @Test
    void anUnterminatedLastLineCountsAtEndOfStream() {
        feed("bye");
        decoder.finish();
        assertEquals(List.of("bye"), lines);
    }
}
