package io.switchboard.client;

import io.switchboard.runtime.Threads;
import io.switchboard.security.Challenge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The native C/S client: a terminal on the TCP line protocol that answers the gateway's HMAC
 * challenge by itself. Lines typed go to the server; lines from the server are printed.
 * Unlike a naive socket client it never mistakes a partial read for a line, and it ends
 * cleanly on either side's close.
 */
public final class NativeClient {
    private static final String CHALLENGE = "-!- auth-challenge ";

    private final String host;
    private final int port;
    private final String secret;

    /** {@code secret} may be null: the client then only warns when the server asks. */
    public NativeClient(String host, int port, String secret) {
        this.host = host;
        this.port = port;
        this.secret = secret;
    }

    /** Runs with lines from {@code stdin} until the server closes or the input ends; returns the exit code. */
    public int run(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        return run(Console.pipe(stdin, stdout), stderr);
    }

    /** Runs in the process's terminal, with a line editor (JLine); returns the exit code. */
    public int runInTerminal(PrintStream stderr) {
        try (Console console = new TerminalConsole()) {
            return run(console, stderr);
        } catch (IOException e) {
            stderr.println("switchboard: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    private int run(Console console, PrintStream stderr) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), 10_000);
            } catch (IOException e) {
                stderr.println("switchboard: cannot connect to " + host + ":" + port + ": " + e.getMessage());
                return 1;
            }
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            Thread printer = Threads.daemon("client-printer", () -> print(socket, out, console, stderr));
            try {
                String line;
                while ((line = console.readLine()) != null && printer.isAlive()) {
                    if (!line.isEmpty()) {
                        send(out, line);
                    }
                }
            } catch (IOException e) {
                // the server went away while we were sending: the printer says so
            }
            if (!socket.isClosed()) {
                socket.shutdownOutput(); // input ended: tell the server, then read what it still says
            }
            printer.join(10_000);
            return 0;
        } catch (IOException e) {
            stderr.println("switchboard: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void print(Socket socket, OutputStream out, Console console, PrintStream stderr) {
        try (BufferedReader server = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = server.readLine()) != null) {
                console.show(line);
                if (line.startsWith(CHALLENGE)) {
                    answer(line.substring(CHALLENGE.length()).strip(), out, stderr);
                }
            }
            stderr.println("switchboard: the server closed the connection");
        } catch (IOException e) {
            stderr.println("switchboard: connection lost: " + e.getMessage());
        }
    }

    private void answer(String challengeHex, OutputStream out, PrintStream stderr) throws IOException {
        if (secret == null) {
            stderr.println("switchboard: the server asks for authentication; run the client with --secret,"
                    + " --secret-file or SWITCHBOARD_SECRET");
            return;
        }
        try {
            send(out, "/auth " + Challenge.answerFor(secret, challengeHex));
        } catch (IllegalArgumentException e) {
            stderr.println("switchboard: the server sent a malformed challenge");
        }
    }

    private static synchronized void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8)); // LF: a plain line client, never offered telnet
        out.flush();
    }
}
