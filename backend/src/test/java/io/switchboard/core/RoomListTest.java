package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A burst of rooms made and left makes a few room-list broadcasts, not one per change. */
@Timeout(60)
class RoomListTest {

    @Test
    void aBurstOfRoomChangesIsAnnouncedOnceForAll() throws Exception {
        try (RunningGateway server = new RunningGateway(Settings.forTests().udp(Duration.ofMinutes(1), 100, 1000).build())) {
            WsClient page = server.json("watcher");
            try (UdpClient burst = new UdpClient(server.gateway.udpPort())) {
                StringBuilder joins = new StringBuilder();
                for (int i = 1; i <= 40; i++) {
                    joins.append("/join r").append(i).append('\n'); // each makes a room and empties the one before
                }
                burst.send(joins.toString());
                burst.send("/join last");
                page.await(f -> f.contains("\"type\":\"rooms\"") && f.contains("\"last\""), "the list with #last");
            }
            long lists = page.seen().stream().filter(f -> f.contains("\"type\":\"rooms\"")).count();
            // 80 changes (40 rooms made, 39 emptied, then #last): every change used to be a broadcast.
            assertTrue(lists < 20, lists + " room lists for one burst");
            page.close();
        }
    }
}
