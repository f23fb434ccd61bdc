package io.switchboard.bench;

import io.switchboard.Gateway;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.Settings;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The relay-echo scenario, measured the way websockify is: WebSocket sessions to
 * {@code /relay/echo} (binary mode) of an in-process gateway, each keeping {@code --window}
 * messages of {@code --size} bytes in flight against a raw TCP echo server; then the same load
 * on the echo server directly, for the cost of the relay itself. Every message comes back
 * byte-exact and in order or the run fails.
 */
final class RelayEcho {
    private RelayEcho() {
    }

    /** What one path (through the relay, or plain TCP) did. */
    record Figures(String path, int sessions, int window, long messages, double seconds, Histogram rtt,
            List<String> problems) {
        double perSecond() {
            return messages / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%-6s %3d sessions x %3d in flight: %,10.0f messages/s   rtt p50 %,8d us"
                    + "  p99 %,8d us  p99.9 %,8d us  max %,8d us%s", path, sessions, window, perSecond(),
                    rtt.getValueAtPercentile(50) / 1000, rtt.getValueAtPercentile(99) / 1000,
                    rtt.getValueAtPercentile(99.9) / 1000, rtt.getMaxValue() / 1000,
                    problems.isEmpty() ? "" : "   PROBLEMS: " + problems);
        }
    }

    /** Runs both paths; the report's text, and whether nothing was lost or garbled. */
    static Result2 run(Plan plan) throws IOException, InterruptedException {
        if (!plan.target().inProcess()) {
            throw new IllegalArgumentException("relay-echo runs with --in-process: it starts its own echo server and a"
                    + " gateway that relays to it");
        }
        try (EchoServer echo = new EchoServer()) {
            int sessions = Math.max(1, plan.members());
            Settings settings = Settings.builder().ports(0, 0, 0).history("memory")
                    .shutdownGrace(Duration.ofSeconds(2))
                    .connections(Math.max(10_000, sessions * 2), Math.max(50, sessions * 2))
                    .relay(RelaySettings.parse(List.of("echo=tcp://127.0.0.1:" + echo.port()), sessions + 10,
                            sessions + 10, Duration.ofMinutes(5)))
                    .logging("info", false) // a line per bench member would drown the figures
                    .build();
            Gateway gateway = new Gateway(settings).start();
            try {
                Figures relay = drive("relay", plan, () -> new WsPipe(gateway.httpPort()));
                Figures plain = drive("tcp", plan, () -> new TcpPipe(echo.port()));
                return new Result2(List.of(relay, plain));
            } finally {
                gateway.close();
            }
        }
    }

    /** Both paths' figures. */
    record Result2(List<Figures> figures) {
        boolean ok() {
            return figures.stream().allMatch(f -> f.problems().isEmpty());
        }

        String text() {
            StringBuilder out = new StringBuilder("relay-echo (each message is one round trip):\n");
            for (Figures f : figures) {
                out.append("  ").append(f.line()).append('\n');
            }
            Figures relay = figures.get(0);
            Figures plain = figures.get(1);
            out.append(String.format(Locale.ROOT, "  the relay carries %.0f%% of plain TCP's rate; its p50 rtt is %.1fx"
                    + " plain TCP's%n", 100.0 * relay.perSecond() / plain.perSecond(),
                    (double) relay.rtt().getValueAtPercentile(50) / Math.max(1, plain.rtt().getValueAtPercentile(50))));
            return out.toString();
        }

        String json() {
            StringBuilder out = new StringBuilder("{\"scenario\":\"relay-echo\",\"paths\":[");
            for (Figures f : figures) {
                if (out.charAt(out.length() - 1) != '[') {
                    out.append(',');
                }
                out.append(String.format(Locale.ROOT, "{\"path\":\"%s\",\"sessions\":%d,\"window\":%d,"
                        + "\"messagesPerSecond\":%.0f,\"rttP50Micros\":%d,\"rttP99Micros\":%d,\"rttP999Micros\":%d,"
                        + "\"rttMaxMicros\":%d,\"problems\":%d}", f.path(), f.sessions(), f.window(), f.perSecond(),
                        f.rtt().getValueAtPercentile(50) / 1000, f.rtt().getValueAtPercentile(99) / 1000,
                        f.rtt().getValueAtPercentile(99.9) / 1000, f.rtt().getMaxValue() / 1000, f.problems().size()));
            }
            return out.append("]}").toString();
        }
    }

    private interface PipeFactory {
        Pipe open() throws IOException;
    }

    private static Figures drive(String path, Plan plan, PipeFactory factory) throws InterruptedException {
        int sessions = Math.max(1, plan.members());
        int window = Math.max(1, plan.window());
        int size = Math.max(16, plan.size());
        long start = System.nanoTime();
        long measureFrom = start + (long) (plan.warmupSeconds() * 1e9);
        long end = measureFrom + (long) (plan.seconds() * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < sessions; s++) {
            Histogram rtt = new Histogram(3_600_000_000_000L, 3);
            long[] measured = new long[1];
            histograms.add(rtt);
            counts.add(measured);
            int session = s;
            Thread t = new Thread(() -> {
                try (Pipe pipe = factory.open()) {
                    session(pipe, session, window, size, measureFrom, end, rtt, measured);
                } catch (IOException | RuntimeException e) {
                    problems.add(path + " session " + session + ": " + e);
                }
            }, "bench-relay-" + path + "-" + s);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds((long) (plan.warmupSeconds() + plan.seconds()) + 30).toMillis());
            if (t.isAlive()) {
                problems.add(t.getName() + " did not finish");
            }
        }
        Histogram all = new Histogram(3_600_000_000_000L, 3);
        long messages = 0;
        for (int i = 0; i < sessions; i++) {
            all.add(histograms.get(i));
            messages += counts.get(i)[0];
        }
        return new Figures(path, sessions, window, messages, plan.seconds(), all, List.copyOf(problems));
    }

    /** Keeps {@code window} messages in flight until {@code end}, then collects what is outstanding. */
    private static void session(Pipe pipe, int session, int window, int size, long measureFrom, long end,
            Histogram rtt, long[] measured) throws IOException {
        byte[] inbox = new byte[size * window + 65536];
        int have = 0;
        long nextSeq = 0;
        long expected = 0;
        for (int i = 0; i < window; i++) {
            pipe.send(message(session, nextSeq++, size));
        }
        while (expected < nextSeq) {
            int n = pipe.read(inbox, have, inbox.length - have);
            if (n < 0) {
                throw new EOFException("the echo ended after " + expected + " of " + nextSeq + " messages");
            }
            have += n;
            int at = 0;
            while (have - at >= size) {
                ByteBuffer m = ByteBuffer.wrap(inbox, at, size);
                long sentAt = m.getLong();
                int from = m.getInt();
                long seq = m.getLong();
                if (from != session || seq != expected) {
                    throw new IOException("garbled or out of order: got " + from + "/" + seq + ", expected " + session
                            + "/" + expected);
                }
                expected++;
                long now = System.nanoTime();
                if (sentAt >= measureFrom && now <= end) {
                    rtt.recordValue(now - sentAt);
                    measured[0]++;
                }
                if (now < end) {
                    pipe.send(message(session, nextSeq++, size));
                }
                at += size;
            }
            System.arraycopy(inbox, at, inbox, 0, have - at);
            have -= at;
        }
    }

    private static byte[] message(int session, long seq, int size) {
        ByteBuffer m = ByteBuffer.allocate(size);
        m.putLong(System.nanoTime()).putInt(session).putLong(seq);
        return m.array();
    }
}
