package io.switchboard.ops;

import io.switchboard.Gateway;
import io.switchboard.config.RelayTarget;
import io.switchboard.config.Settings;
import io.switchboard.runtime.Threads;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** What the gateway prints once it is up: where to point a browser, telnet, nc and nc -u. */
public final class Banner {
    private Banner() {
    }

    /** Prints the banner for a started gateway. */
    public static void print(PrintStream out, Gateway gateway, Settings settings) {
        List<String> hosts = gateway.displayHosts();
        String host = hosts.get(0);
        String url = Addresses.inUrl(host);
        out.printf(Locale.ROOT, "Switchboard %s is up (commit %s, %s)%n"
                + "  browser:  http://%s:%d%s/%n"
                + "  telnet:   telnet %s %d%n"
                + "  netcat:   nc %s %d%n"
                + "  udp:      nc -u %s %d%n",
                Build.version(), Build.commit(), Threads.describe(), url, gateway.httpPort(), settings.basePath(), host, gateway.tcpPort(), host,
                gateway.tcpPort(), host, gateway.udpPort());
        if (hosts.size() > 1) {
            out.printf(Locale.ROOT, "  also at:  %s%n", String.join(", ", hosts.subList(1, hosts.size())));
        }
        for (RelayTarget target : settings.relay().targets()) {
            out.printf(Locale.ROOT, "  relay:    ws://%s:%d%s/relay/%s -> %s%n", url, gateway.httpPort(),
                    settings.basePath(), target.name(), target.uri());
        }
        if (settings.cluster().enabled()) {
            out.printf(Locale.ROOT, "  cluster:  %s%n", settings.cluster());
        }
        if (!settings.trustedProxies().isEmpty()) {
            out.printf(Locale.ROOT, "  proxies:  client addresses from X-Forwarded-For and PROXY headers of %s%n",
                    settings.trustedProxies());
        }
        if (settings.secret() != null) {
            out.printf(Locale.ROOT, "Authentication is on: browsers ask for the access key; native clients"
                    + " answer the HMAC challenge:%n  java -jar switchboard.jar client %s %d --secret-file FILE%n",
                    host, gateway.tcpPort());
        }
        out.println("Ctrl-C stops it.");
        out.flush();
    }
}
