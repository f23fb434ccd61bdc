package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SanitizeTest {
    @Test
    void terminalEscapesAreRemoved() {
        assertEquals("cleared", Sanitize.text("\u001b[2J\u001b[Hcleared"));
        assertEquals("red text", Sanitize.text("\u001b[31;1mred\u001b[0m text"));
        assertEquals("title", Sanitize.text("\u001b]0;pwned\u0007title"));
        assertEquals("st", Sanitize.text("\u001b]8;;http://x\u001b\\st"));
        assertEquals("reset", Sanitize.text("\u001bcreset"));
        assertEquals("charset", Sanitize.text("\u001b(0charset"));
        assertEquals("8bit", Sanitize.text("\u009b2J8bit"));
        assertEquals("osc8", Sanitize.text("\u009d0;x\u009cosc8"));
    }

    @Test
    void controlsGoTabsBecomeSpacesLineBreaksStay() {
        assertEquals("a b", Sanitize.text("a\tb"));
        assertEquals("bell", Sanitize.text("be\u0007ll"));
        assertEquals("one\ntwo\nthree", Sanitize.text("one\r\ntwo\rthree"));
        assertEquals("x", Sanitize.text("\n\n x \n \n"));
        assertEquals("del", Sanitize.text("d\u007fel"));
        assertEquals("abc", Sanitize.text("a\u202eb\u2066c"));
    }

    @Test
    void unicodeTextIsLeftAlone() {
        assertEquals("你好 🙂 <b>&", Sanitize.text("你好 🙂 <b>&"));
    }

    @Test
    void linesAreLimited() {
        assertEquals("a\nb", Sanitize.limitLines("a\nb", 2));
        assertEquals("a\nb\n[2 more lines cut]", Sanitize.limitLines("a\nb\nc\nd", 2));
        assertEquals("a\n[1 more line cut]", Sanitize.limitLines("a\nb", 1));
    }

    @Test
    void aMessageIsCutInBytesOnACharacterBoundaryWithAMarker() {
        assertEquals("好好 [3 more bytes cut]", Sanitize.limitBytes("好好好", 7));
        assertEquals("好好好", Sanitize.limitBytes("好好好", 9));
        assertEquals("ab [2 more bytes cut]", Sanitize.limitBytes("abcd", 2));
    }
}
