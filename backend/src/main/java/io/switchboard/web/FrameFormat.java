package io.switchboard.web;

import io.switchboard.core.Envelope;
import io.switchboard.core.Event;
import io.switchboard.core.Format;
import io.switchboard.render.HtmlFormat;
import io.switchboard.render.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket text format as the UTF-8 bytes of its frames. Jetty turns every String it sends
 * into bytes, which would be once per member; this does it once per event (the envelope caches
 * the result per format), and every member's frame wraps the same array.
 */
final class FrameFormat implements Format<byte[]> {
    static final FrameFormat JSON = new FrameFormat(JsonFormat.INSTANCE);
    static final FrameFormat HTML = new FrameFormat(HtmlFormat.INSTANCE);

    private final Format<String> text;

    private FrameFormat(Format<String> text) {
        this.text = text;
    }

    @Override
    public byte[] encode(Event event) {
        String frame = text.encode(event);
        return frame == null ? null : frame.getBytes(StandardCharsets.UTF_8);
    }

    /** The text payload comes from the envelope, where the page's wire panel may have asked for it already. */
    @Override
    public byte[] encode(Envelope envelope) {
        String frame = envelope.encoded(text);
        return frame == null ? null : frame.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int size(byte[] payload) {
        return payload.length;
    }
}
