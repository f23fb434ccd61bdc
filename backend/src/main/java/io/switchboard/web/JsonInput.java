package io.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what clients send as JSON: API bodies and WebSocket frames. The mapper is made on the first read, not
 * at start-up: making one loads some 400 Jackson classes, about a tenth of the start-up, and nothing needs it
 * before a client sends JSON.
 */
final class JsonInput {
    private JsonInput() {
    }

    /** The tree of {@code text}, or null if it is not JSON. */
    static JsonNode parse(String text) {
        try {
            return Mapper.INSTANCE.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** Initialised by the JVM on the first {@link #parse}, once, thread-safely. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }
}
