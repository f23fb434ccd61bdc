package io.switchboard.core;

/**
 * One output format (terminal lines, HTML fragments, JSON frames). The core hands events to a
 * member's {@link Outbox}, which asks its format for the payload through the event's
 * {@link Envelope}, so each event is encoded at most once per format however many members
 * receive it.
 *
 * @param <T> the payload type the member's writer understands
 */
public interface Format<T> {

    /** The payload for {@code event}, or {@code null} when this format does not show it. */
    T encode(Event event);

    /**
     * The payload for the envelope's event. A format that shows what other formats made of the
     * same event (the page's "on the wire" panel) overrides this to take their payloads from the
     * envelope, where they are encoded at most once, instead of encoding them again.
     */
    default T encode(Envelope envelope) {
        return encode(envelope.event());
    }

    /** The payload's size in bytes, counted against the member's outbox limit. */
    int size(T payload);
}
