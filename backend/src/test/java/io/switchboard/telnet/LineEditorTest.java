package io.switchboard.telnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineEditorTest {
    private final LineEditor editor = new LineEditor(32);

    @Test
    void backspaceRemovesOneWholeCharacterWhateverItsSize() {
        editor.insert("a你好😀");
        assertTrue(editor.backspace());
        assertEquals("a你好", editor.text());
        assertTrue(editor.backspace());
        assertEquals("a你", editor.text());
        assertEquals(2, editor.cursor());
    }

    @Test
    void theCursorMovesAndTextGoesInWhereItIs() {
        editor.insert("helo");
        editor.left();
        editor.insert('l');
        assertEquals("hello", editor.text());
        editor.home();
        editor.insert('>');
        editor.end();
        editor.insert('!');
        assertEquals(">hello!", editor.text());
        editor.home();
        assertTrue(editor.delete());
        assertEquals("hello!", editor.text());
        assertFalse(editor.left(), "nothing left of the start");
        editor.end();
        assertFalse(editor.right(), "nothing right of the end");
        assertFalse(editor.delete());
    }

    @Test
    void killKeysDeleteWhatAShellWould() {
        editor.insert("one two  three");
        assertTrue(editor.killWord());
        assertEquals("one two  ", editor.text());
        assertTrue(editor.killWord());
        assertEquals("one ", editor.text());
        editor.insert("four five");
        for (int i = 0; i < 5; i++) {
            editor.left();
        }
        assertTrue(editor.killToEnd());
        assertEquals("one four", editor.text());
        editor.left();
        assertTrue(editor.killToStart());
        assertEquals("r", editor.text());
        assertEquals(0, editor.cursor());
        assertTrue(editor.killLine());
        assertEquals("", editor.text());
        assertFalse(editor.killLine());
    }

    @Test
    void upAndDownBrowseOwnLinesAndBringBackTheDraft() {
        editor.insert("first");
        assertEquals("first", editor.submit());
        editor.insert("second");
        editor.submit();
        editor.insert("second");
        editor.submit(); // a repeat is remembered once
        editor.insert("   ");
        editor.submit(); // a blank line is not remembered
        editor.insert("draft");
        assertTrue(editor.up());
        assertEquals("second", editor.text());
        assertTrue(editor.up());
        assertEquals("first", editor.text());
        assertFalse(editor.up(), "no line before the first");
        assertTrue(editor.down());
        assertEquals("second", editor.text());
        assertTrue(editor.down());
        assertEquals("draft", editor.text());
        assertFalse(editor.down());
    }

    @Test
    void theByteLimitHoldsWhateverIsTyped() {
        for (int i = 0; i < 10; i++) {
            editor.insert('好'); // 3 bytes each: 10 would be 30 of 32
        }
        assertFalse(editor.insert('好'), "33 bytes would pass the limit");
        assertTrue(editor.insert('a'));
        assertTrue(editor.insert('b'));
        assertFalse(editor.insert('c'));
        assertEquals(12, editor.length());
    }

    @Test
    void tabCompletesNicksAndCommands() {
        LineEditor.Completer completer = (word, first) -> first && word.startsWith("/")
                ? List.of("/nick", "/join", "/msg", "/me") : List.of("小明", "alice", "alex");
        editor.insert("/ni");
        assertEquals(List.of(), editor.complete(completer));
        assertEquals("/nick ", editor.text());
        editor.submit();
        editor.insert("小");
        editor.complete(completer);
        assertEquals("小明: ", editor.text(), "a nick that starts the line is addressed");
        editor.submit();
        editor.insert("hi al");
        assertEquals(List.of("alice", "alex"), editor.complete(completer), "the common prefix is typed: listed");
        assertEquals("hi al", editor.text());
        editor.insert('I');
        editor.complete(completer);
        assertEquals("hi alice ", editor.text(), "case is ignored when matching");
        editor.submit();
        editor.insert("/m");
        assertEquals(List.of("/msg", "/me"), editor.complete(completer), "several: listed");
        assertEquals("/m", editor.text());
        editor.submit();
        editor.insert("zzz");
        assertEquals(List.of(), editor.complete(completer));
        assertEquals("zzz", editor.text());
    }
}
