package io.switchboard.client;

import io.switchboard.config.SecretFile;
import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard client HOST PORT}: the native terminal client, with the HMAC handshake. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"A terminal client for the TCP line protocol that answers the HMAC challenge itself.",
            "Type lines to chat; the server's lines are printed above the line you type.",
            "In a terminal: Up/Down for earlier lines, Tab completes commands and nicks. Ctrl-D ends."})
public final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "The gateway's address, e.g. 127.0.0.1.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "The gateway's TCP port, e.g. 2323.")
    int port;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "The gateway's secret (or SWITCHBOARD_SECRET; arguments show in ps).")
    String secret;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "Reads the secret from a file.")
    Path secretFile;

    @Override
    public Integer call() throws Exception {
        String key = secret;
        if (secretFile != null) {
            try {
                key = SecretFile.read(secretFile);
            } catch (IllegalArgumentException e) {
                System.err.println("switchboard: " + e.getMessage());
                return 2;
            }
        }
        if (port < 1 || port > 65535) {
            System.err.println("switchboard: PORT must be from 1 to 65535, not " + port);
            return 2;
        }
        NativeClient client = new NativeClient(host, port, key);
        return interactive() ? client.runInTerminal(System.err) : client.run(System.in, System.out, System.err);
    }

    /** Whether stdin and stdout are a terminal (a pipe gets plain lines, with no prompt or editing). */
    private static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console for pipes too, and says with isTerminal() whether it is one.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 17-21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
