package io.switchboard.telnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The telnet layer by the RFCs, fed bytes as a socket would deliver them. */
class TelnetCodecTest {
    private static final int IAC = 255;
    private static final int WILL = 251;
    private static final int WONT = 252;
    private static final int DO = 253;
    private static final int DONT = 254;

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final TelnetCodec codec = new TelnetCodec(new TelnetCodec.Handler() {
        @Override
        public void data(int b) {
            data.write(b);
        }

        @Override
        public void command(int command) {
            events.add("command " + command);
        }

        @Override
        public void windowSize(int columns, int rows) {
            events.add("window " + columns + "x" + rows);
        }

        @Override
        public void terminalType(String name) {
            events.add("type " + name);
        }

        @Override
        public void optionsChanged() {
            events.add("changed");
        }
    });

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private byte[] feed(int... values) {
        byte[] b = bytes(values);
        codec.feed(b, 0, b.length);
        return codec.takeReplies();
    }

    private String text() {
        return data.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownOptionsAreRefusedOnBothSides() {
        assertArrayEquals(bytes(IAC, DONT, 39), feed(IAC, WILL, 39)); // NEW-ENVIRON: not wanted
        assertArrayEquals(bytes(IAC, WONT, 34), feed(IAC, DO, 34));   // LINEMODE: not performed
        assertArrayEquals(new byte[0], feed(IAC, WONT, 39));          // already off: no answer to an answer
        assertArrayEquals(new byte[0], feed(IAC, DONT, 34));
        assertTrue(codec.spoken());
    }

    @Test
    void everyRequestIsAnsweredOnceAndAnswersAreNeverAnswered() {
        // The client asks first: agreed, and the same request again is not answered (no loop).
        assertArrayEquals(bytes(IAC, WILL, 3), feed(IAC, DO, 3));
        assertArrayEquals(new byte[0], feed(IAC, DO, 3));
        assertArrayEquals(bytes(IAC, DO, 31), feed(IAC, WILL, 31));
        assertArrayEquals(new byte[0], feed(IAC, WILL, 31));
        // Turned off by the client: acknowledged once.
        assertArrayEquals(bytes(IAC, WONT, 3), feed(IAC, DONT, 3));
        assertArrayEquals(new byte[0], feed(IAC, DONT, 3));
    }

    @Test
    void ourOfferAnsweredInAnyOrderEndsInCharacterModeWithoutALoop() {
        codec.offerCharacterMode();
        byte[] offer = codec.takeReplies();
        assertArrayEquals(bytes(IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 3, IAC, WILL, 0, IAC, DO, 0, IAC, DO, 31,
                IAC, DO, 24), offer);
        codec.offerCharacterMode();
        assertArrayEquals(new byte[0], codec.takeReplies(), "the offer is made once");
        // A client that answers with requests of its own (WILL for DO, DO for WILL) gets nothing back.
        assertArrayEquals(new byte[0], feed(IAC, DO, 1, IAC, DO, 3, IAC, WILL, 3, IAC, DO, 0, IAC, WILL, 0));
        assertTrue(codec.characterMode());
        assertTrue(codec.binaryOutput());
        // WILL TTYPE is answered by asking for the type (RFC 1091), once.
        assertArrayEquals(bytes(IAC, 250, 24, 1, IAC, 240), feed(IAC, WILL, 24));
        assertArrayEquals(new byte[0], feed(IAC, WILL, 24));
    }

    @Test
    void aRefusedOfferStaysRefused() {
        codec.offerCharacterMode();
        codec.takeReplies();
        assertArrayEquals(new byte[0], feed(IAC, DONT, 1, IAC, DONT, 3, IAC, WONT, 3, IAC, WONT, 31, IAC, WONT, 24));
        assertFalse(codec.characterMode());
        // The client changes its mind later: that is a new request, answered once.
        assertArrayEquals(bytes(IAC, WILL, 1), feed(IAC, DO, 1));
    }

    @Test
    void timingMarkIsAlwaysAnsweredAndNeverBecomesAState() {
        // telnet stops showing output after IP or AO until its DO TIMING-MARK is answered.
        assertArrayEquals(bytes(IAC, WILL, 6), feed(IAC, DO, 6));
        assertArrayEquals(bytes(IAC, WILL, 6), feed(IAC, DO, 6));
        assertArrayEquals(new byte[0], feed(IAC, DONT, 6));
        assertArrayEquals(new byte[0], feed(IAC, WILL, 6, IAC, WONT, 6));
    }

    @Test
    void commandsOutsideACharacterReachTheHandler() {
        feed('a', IAC, 244, IAC, DO, 6, 'b', IAC, 245, IAC, 246, IAC, 247, IAC, 248, IAC, 243, IAC, 237,
                IAC, 241, IAC, 249, IAC, 242);
        assertEquals("ab", text());
        assertEquals(List.of("command 244", "command 245", "command 246", "command 247", "command 248",
                "command 243", "command 237"), events);
    }

    @Test
    void eachByteALineModeTelnetTurnedIntoACommandIsRepaired() {
        // What Debian's telnet sends for "/nick 小明" typed before negotiation (0x8F of 小 became AO).
        byte[] replies = feed(0x2f, 0x6e, 0x69, 0x63, 0x6b, 0x20, 0xe5, 0xb0, 0xff, 0xf5, 0xff, 0xfd, 0x06,
                0xe6, 0x98, 0x8e, 0x0d, 0x0a);
        assertEquals("/nick 小明\r\n", text());
        assertArrayEquals(bytes(IAC, WILL, 6), replies, "the timing mark is answered, so output is not held back");
        assertEquals(List.of(), events);
        // 0x83 (IP), 0x9A (SUSP), 0x9C (BRK): 七 = e4 b8 83, 东 = e4 b8 9c, 业 = e4 b8 9a.
        data.reset();
        feed(0xe4, 0xb8, IAC, 244, IAC, DO, 6, 0xe4, 0xb8, IAC, 243, IAC, DO, 6, 0xe4, 0xb8, IAC, 237, IAC, DO, 6);
        assertEquals("七东业", text());
        assertEquals(List.of(), events);
    }

    @Test
    void iacSplitAcrossReadsIsStillACommand() {
        for (int b : new int[] {'h', IAC, 0xfd, 0x06, 'i', IAC, IAC, 0xe4, 0xb8, IAC, 0xf4, 0}) {
            byte[] one = bytes(b);
            codec.feed(one, 0, 1);
        }
        byte[] replies = codec.takeReplies();
        assertArrayEquals(bytes(IAC, WILL, 6), replies);
        assertEquals(List.of(0x68, 0x69, 0xFF, 0xE4, 0xB8, 0x83, 0x00), toList(data.toByteArray()));
    }

    @Test
    void windowSizeAndTerminalTypeAreRead() {
        feed(IAC, WILL, 31, IAC, 250, 31, 0, 120, 0, 40, IAC, 240);
        feed(IAC, 250, 31, 0, 100, 0, IAC, IAC, IAC, 240); // a 255 inside is doubled
        feed(IAC, WILL, 24);
        byte[] type = ("\u0000XTERM-256COLOR").getBytes(StandardCharsets.US_ASCII);
        feed(IAC, 250, 24);
        codec.feed(type, 0, type.length);
        feed(IAC, 240);
        assertEquals(List.of("changed", "window 120x40", "window 100x255", "changed", "type XTERM-256COLOR"), events);
        assertEquals("", text());
    }

    @Test
    void anEndlessSubnegotiationCostsAFixedBuffer() {
        int[] flood = new int[100_000];
        Arrays.fill(flood, 'x');
        feed(IAC, 250, 24, 0);
        feed(flood);
        feed(IAC, 240, 'o', 'k');
        assertEquals("ok", text());
    }

    private static List<Integer> toList(byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x & 0xFF);
        }
        return out;
    }
}
