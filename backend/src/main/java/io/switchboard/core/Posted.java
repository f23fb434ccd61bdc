package io.switchboard.core;

/**
 * The outcome of {@link Hub#post} and {@link Hub#share}: the message (or file event) as delivered, or why it was refused.
 *
 * @param message  the delivered message, or null when refused
 * @param problem  why it was refused, or null
 * @param conflict true when the refusal is a clash with a connected member's nick
 * @param unavailable true when it could not be posted now but may be later
 * @param missing  true when the room does not exist and may not be created
 */
public record Posted(Event.Chat message, String problem, boolean conflict, boolean unavailable, boolean missing) {

    static Posted ok(Event.Chat message) {
        return new Posted(message, null, false, false, false);
    }

    static Posted refused(String problem) {
        return new Posted(null, problem, false, false, false);
    }

    static Posted clash(String problem) {
        return new Posted(null, problem, true, false, false);
    }

    static Posted unavailable(String problem) {
        return new Posted(null, problem, false, true, false);
    }

    static Posted missing(String problem) {
        return new Posted(null, problem, false, false, true);
    }
}
