package io.switchboard.relay;

import io.netty.channel.ConnectTimeoutException;
import io.switchboard.config.RelayTarget;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** What went wrong reaching a target, said for the browser (the reason of a 1014 close). */
final class Unreachable {
    private Unreachable() {
    }

    /** The reason for {@code e}, which came from connecting to, reading or writing {@code target}. */
    static String reason(RelayTarget target, Throwable e, Duration connectTimeout) {
        String where = "upstream " + target.uri();
        String message = String.valueOf(e.getMessage());
        // Netty's connect timeout is a ConnectException: ask about it first.
        if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return where + " did not answer within " + RelaySession.seconds(connectTimeout.toMillis());
        }
        if (e instanceof ConnectException && message.toLowerCase(Locale.ROOT).contains("refused")) {
            return where + " refused the connection";
        }
        if (e instanceof UnknownHostException) {
            return where + ": host not found";
        }
        if (e instanceof NoRouteToHostException) {
            return where + ": no route to host";
        }
        if (e instanceof PortUnreachableException) {
            return where + " is unreachable (nothing listens on that port)";
        }
        return where + ": " + message;
    }
}
