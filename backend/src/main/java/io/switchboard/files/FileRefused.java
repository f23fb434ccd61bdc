package io.switchboard.files;

/** An upload the store will not keep, with a message for the person who sent it. */
public final class FileRefused extends Exception {
    private final boolean tooLarge;

    FileRefused(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    FileRefused(String message) {
        this(message, false);
    }

    /** True when the refusal is about size (HTTP answers 413), false for anything else. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
