package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every smoke run of the bench must show, whatever its timings: all sent, all delivered. */
final class Lossless {
    private Lossless() {
    }

    /** A one-room run where each message is due to every one of {@code members}; returns its chat. */
    static Result.Chat everyMessageToEveryMember(Result result, int members) {
        Result.Chat chat = result.chat();
        assertNotNull(chat, result.text());
        assertTrue(chat.sent() > 0, "nothing was sent: " + result.text());
        assertEquals(chat.sent() * members, chat.expected(), result.text());
        assertEquals(chat.expected(), chat.delivered(), result.text());
        assertEquals(0, chat.missing(), result.text());
        assertEquals(0, chat.errorLines(), result.text());
        return chat;
    }
}
