package io.switchboard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real jar in its own JVM, as a user runs it: `java -jar target/switchboard.jar ...`. */
public final class JarProcess implements AutoCloseable {
    private static final Pattern HTTP = Pattern.compile("browser:\\s+http://[^:]+:(\\d+)/");
    private static final Pattern TCP = Pattern.compile("telnet:\\s+telnet \\S+ (\\d+)");
    private static final Pattern UDP = Pattern.compile("udp:\\s+nc -u \\S+ (\\d+)");

    private final Process process;
    private final LinkedBlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> outSeen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread errReader;
    private int httpPort = -1;
    private int tcpPort = -1;
    private int udpPort = -1;

    private JarProcess(Process process) {
        this.process = process;
        Thread outReader = pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), out::add);
        outReader.setName("jar-stdout");
        errReader = pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                err::add);
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: run `mvn verify`, which packages before integration tests");
        }
        return jar;
    }

    public static JarProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(env);
        return new JarProcess(builder.start());
    }

    public static JarProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Waits for the startup banner and reads the real ports from it. */
    public JarProcess awaitBanner() {
        String http = Waits.next(out, outSeen, line -> HTTP.matcher(line).find(), Waits.DEFAULT, "the browser line");
        String tcp = Waits.next(out, outSeen, line -> TCP.matcher(line).find(), Waits.DEFAULT, "the telnet line");
        String udp = Waits.next(out, outSeen, line -> UDP.matcher(line).find(), Waits.DEFAULT, "the udp line");
        httpPort = port(HTTP, http);
        tcpPort = port(TCP, tcp);
        udpPort = port(UDP, udp);
        return this;
    }

    public String awaitOutput(String part) {
        return Waits.next(out, outSeen, line -> line.contains(part), Waits.DEFAULT, "\"" + part + "\" on stdout");
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    /** Waits for the process to end and returns its exit code. */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not exit; stderr: " + stderr());
        }
        errReader.join(5000);
        return process.exitValue();
    }

    /** The process's standard input, for driving an interactive command. */
    public java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /** SIGKILL: the process dies without a word, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as `kill` or a service manager sends it. */
    public void terminate() {
        process.destroy();
    }

    public List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int port(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no port in " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    private static Thread pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
