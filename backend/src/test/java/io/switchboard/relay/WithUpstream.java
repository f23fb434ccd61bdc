package io.switchboard.relay;

import io.switchboard.config.RelaySettings;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Upstream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** For tests that drive the upstream server by hand: a gateway relaying NAME to one {@link Upstream}. */
abstract class WithUpstream {
    protected RunningGateway server;
    protected Upstream upstream;

    /** Starts the upstream (with {@code receiveBuffer} > 0: that small a window) and a gateway relaying to it. */
    protected RunningGateway start(String name, RelaySettings relay, int receiveBuffer) throws IOException {
        upstream = new Upstream(receiveBuffer);
        server = Relays.gateway(relay.withTargets(List.of(upstream.target(name))));
        return server;
    }

    @AfterEach
    void stopGatewayAndUpstream() throws IOException {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }
}
