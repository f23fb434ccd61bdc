package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandsTest {
    @Test
    void parsesEveryCommand() {
        assertEquals(new Command.Say("hi"), Commands.parse("hi"));
        assertEquals(new Command.Say("/hi"), Commands.parse("//hi"));
        assertEquals(new Command.Nick("小明"), Commands.parse("/nick 小明"));
        assertEquals(new Command.Nick("bob"), Commands.parse("/NICK   bob  "));
        assertEquals(new Command.Join("#dev"), Commands.parse("/join #dev"));
        assertEquals(new Command.Who(), Commands.parse("/who"));
        assertEquals(new Command.Rooms(), Commands.parse("/rooms"));
        assertEquals(new Command.Me("waves hello"), Commands.parse("/me waves hello"));
        assertEquals(new Command.Msg("bob", "psst there"), Commands.parse("/msg bob psst there"));
        assertEquals(new Command.History(20), Commands.parse("/history"));
        assertEquals(new Command.History(5), Commands.parse("/history 5"));
        assertEquals(new Command.Help(), Commands.parse("/help"));
        assertEquals(new Command.Quit(""), Commands.parse("/quit"));
        assertEquals(new Command.Quit("gone fishing"), Commands.parse("/quit gone fishing"));
        assertEquals(new Command.Ping(), Commands.parse("/ping"));
    }

    @Test
    void badCommandsSayWhatToDo() {
        assertTrue(problem("/nick").contains("usage: /nick NAME"));
        assertTrue(problem("/nick two words").contains("usage: /nick NAME"));
        assertTrue(problem("/msg bob").contains("usage: /msg NICK TEXT"));
        assertTrue(problem("/me").contains("usage: /me ACTION"));
        assertTrue(problem("/history lots").contains("usage: /history [N]"));
        assertTrue(problem("/history 0").contains("usage: /history [N]"));
        assertTrue(problem("/frobnicate").contains("unknown command /frobnicate; /help lists them"));
    }

    @Test
    void nickAndRoomRules() {
        assertNull(Names.nickProblem("小明"));
        assertNull(Names.nickProblem("_under-score9"));
        assertTrue(Names.nickProblem("").contains("1 to 24"));
        assertTrue(Names.nickProblem("a".repeat(25)).contains("1 to 24"));
        assertTrue(Names.nickProblem("a b").contains("only letters"));
        assertTrue(Names.nickProblem("<script>").contains("starts with a letter"));
        assertEquals("dev", Names.room("#Dev"));
        assertEquals("大厅", Names.room("大厅"));
        assertNull(Names.room("#"));
        assertNull(Names.room("a/b"));
        assertEquals(Names.fold("ALICE"), Names.fold("alice"));
    }

    private static String problem(String input) {
        return assertInstanceOf(Command.Invalid.class, Commands.parse(input)).problem();
    }
}
