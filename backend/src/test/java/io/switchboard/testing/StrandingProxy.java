package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy whose connections a test can strand the way a network drop does: the
 * far side (the gateway) keeps an open connection that never hears another byte and never gets
 * a close, while the near side (the browser) either learns at once that it lost its connection
 * ({@link #strand} with {@code tellClients}, as when Wi-Fi switches) or hears nothing either.
 * New connections go through as before.
 */
public final class StrandingProxy implements AutoCloseable {
    private final int target;
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean stranded;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    public StrandingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "stranding-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every open connection stops carrying bytes; with {@code tellClients} the near sides are also closed. */
    public void strand(boolean tellClients) throws IOException {
        for (Link link : links) {
            link.stranded = true;
            if (tellClients) {
                link.client.close();
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Link link = new Link(client, new Socket(InetAddress.getLoopbackAddress(), target));
                links.add(link);
                pipe(link, link.client, link.upstream);
                pipe(link, link.upstream, link.client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies bytes until the link is stranded; after that reads and drops them, closing nothing. */
    private static void pipe(Link link, Socket from, Socket to) {
        Thread copy = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0;) {
                    if (!link.stranded) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                if (!link.stranded) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // one side closed: a stranded link leaves the other side as it is
            }
        }, "stranding-proxy-pipe");
        copy.setDaemon(true);
        copy.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link link : links) {
            link.client.close();
            link.upstream.close();
        }
    }
}
