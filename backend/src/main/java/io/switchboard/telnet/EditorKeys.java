package io.switchboard.telnet;

/** The keys of a line edited in character mode: what each does to the {@link LineEditor}. */
final class EditorKeys implements KeyDecoder.Keys {
    /** What the keys need from the terminal around them. */
    interface Screen {
        /** The line changed: draw it again. */
        void redraw();

        /** The key could do nothing. */
        void bell();

        /** Tab. */
        void complete();

        /** A line for the room (or a command). */
        void submit(String line);
    }

    private final LineEditor editor;
    private final Screen screen;

    EditorKeys(LineEditor editor, Screen screen) {
        this.editor = editor;
        this.screen = screen;
    }

    @Override
    public void character(int codePoint) {
        if (codePoint < 0x20 || codePoint >= 0x80 && codePoint < 0xA0) {
            return; // C1 controls never enter a line
        }
        if (editor.insert(codePoint)) {
            screen.redraw();
        } else {
            screen.bell(); // the line is at its limit
        }
    }

    @Override
    public void control(int code) {
        switch (code) {
            case 0x7F, 0x08 -> edit(editor::backspace);
            case 0x01 -> edit(editor::home);        // Ctrl-A
            case 0x05 -> edit(editor::end);         // Ctrl-E
            case 0x02 -> edit(editor::left);        // Ctrl-B
            case 0x06 -> edit(editor::right);       // Ctrl-F
            case 0x15 -> edit(editor::killToStart); // Ctrl-U
            case 0x0B -> edit(editor::killToEnd);   // Ctrl-K
            case 0x17 -> edit(editor::killWord);    // Ctrl-W
            case 0x10 -> edit(editor::up);          // Ctrl-P
            case 0x0E -> edit(editor::down);        // Ctrl-N
            case 0x03 -> edit(editor::killLine);    // Ctrl-C: start the line over, as a shell does
            case 0x0C -> screen.redraw();           // Ctrl-L
            case 0x09 -> screen.complete();
            case 0x04 -> {                          // Ctrl-D: end of input on an empty line, else delete
                if (editor.length() == 0) {
                    screen.submit("/quit");
                } else {
                    edit(editor::delete);
                }
            }
            default -> { } // other control keys mean nothing in a chat line
        }
    }

    @Override
    public void enter() {
        String line = editor.submit();
        // The typed line is not left on screen: the room's own copy of it comes back as the record.
        screen.redraw();
        if (!line.isBlank()) {
            screen.submit(line);
        }
    }

    @Override
    public void sequence(String body) {
        switch (body) {
            case "[A", "OA" -> edit(editor::up);
            case "[B", "OB" -> edit(editor::down);
            case "[C", "OC" -> edit(editor::right);
            case "[D", "OD" -> edit(editor::left);
            case "[H", "OH", "[1~", "[7~" -> edit(editor::home);
            case "[F", "OF", "[4~", "[8~" -> edit(editor::end);
            case "[3~" -> edit(editor::delete);
            default -> { } // function keys and the like
        }
    }

    /** Runs an editing step; redraws if it changed anything, rings the bell if it could not. */
    private void edit(Step step) {
        if (step.run()) {
            screen.redraw();
        } else {
            screen.bell();
        }
    }

    /** One editing action: true when it changed the line or the cursor. */
    private interface Step {
        boolean run();
    }
}
