package io.switchboard.client;

import io.switchboard.config.SecretFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard client HOST PORT}: the native terminal client, with the HMAC handshake. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"A terminal client for the TCP line protocol that answers the HMAC challenge itself.",
            "Type lines to chat; the server's lines are printed. Ctrl-D ends."})
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
        return new NativeClient(host, port, key).run(System.in, System.out, System.err);
    }
}
