package io.switchboard.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where the native client gets typed lines and shows the server's. */
interface Console extends AutoCloseable {
    /** The next line typed, or null when input has ended. */
    String readLine() throws IOException;

    /** Shows one line from the server; called from the client's reader thread. */
    void show(String line);

    @Override
    void close();

    /** A pipe (stdin not a terminal): lines in, lines out, nothing else. */
    static Console pipe(InputStream in, PrintStream out) {
        BufferedReader typed = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Console() {
            @Override
            public String readLine() throws IOException {
                return typed.readLine();
            }

            @Override
            public void show(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void close() {
                // stdin and stdout belong to the process
            }
        };
    }
}
