package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.OptionDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where each option comes from: command line > environment > config file (properties or TOML) > defaults. */
@Timeout(30)
class OptionsTest {
    @TempDir
    Path dir;

    /** Parses like {@code Main.run} does, without starting anything. */
    private static GatewayOptions parse(Map<String, String> env, String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setDefaultValueProvider(OptionDefaults.load(cli.getCommandSpec(), "--config", args, env));
        cli.parseArgs(args);
        return main.options;
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
        String config = file("switchboard.properties", "tcp-port = 2001\nudp-port = 2002\nhttp-port = 2003\n"
                + "public-host = file.example\n").toString();
        Map<String, String> env = Map.of("SWITCHBOARD_TCP_PORT", "3001", "SWITCHBOARD_UDP_PORT", "3002");
        GatewayOptions main = parse(env, "--config", config, "--tcp-port", "4001");
        assertEquals(4001, main.tcpPort);          // command line
        assertEquals(3002, main.udpPort);          // environment
        assertEquals(2003, main.httpPort);         // file
        assertEquals("file.example", main.publicHost);
        assertEquals(4096, main.maxLine);          // default
        assertEquals(2001, parse(Map.of(), "--config", config).tcpPort);
        assertEquals(2323, parse(Map.of()).tcpPort);
    }

    @Test
    void theFileCanBeNamedInTheEnvironmentAndTheCommandLineWins() throws Exception {
        String one = file("one.properties", "public-host = one.example\n").toString();
        String two = file("two.properties", "public-host = two.example\n").toString();
        assertEquals("one.example", parse(Map.of("SWITCHBOARD_CONFIG", one)).publicHost);
        assertEquals("two.example", parse(Map.of("SWITCHBOARD_CONFIG", one), "--config=" + two).publicHost);
    }

    @Test
    void tomlTakesStringsNumbersBooleansAndArrays() throws Exception {
        String config = file("switchboard.toml", """
                # a comment
                bind = "0.0.0.0"
                tcp-port = 2424
                log-connections = false
                allow-origin = ["https://a.example", "https://b.example"]
                relay = ["upper=tcp://127.0.0.1:7000"]
                cluster-ttl = 2.5
                """).toString();
        GatewayOptions main = parse(Map.of(), "--config", config);
        assertEquals("0.0.0.0", main.bind);
        assertEquals(2424, main.tcpPort);
        assertFalse(main.logConnections);
        assertEquals(List.of("https://a.example", "https://b.example"), main.allowOrigins);
        assertEquals(List.of("upper=tcp://127.0.0.1:7000"), main.relays);
        assertEquals(2.5, main.clusterTtl);
        assertTrue(parse(Map.of()).logConnections);
    }

    @Test
    void anUnknownKeyOrATableIsAnErrorThatNamesIt() throws Exception {
        String typo = file("typo.properties", "tcp-port = 2001\ntcp-prot = 2002\n").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--config", typo));
        assertTrue(e.getMessage().contains("\"tcp-prot\""), e.getMessage());
        assertTrue(e.getMessage().contains(typo), e.getMessage());
        String table = file("table.toml", "[relay]\nupper = \"tcp://127.0.0.1:7000\"\n").toString();
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--config", table));
        assertTrue(e.getMessage().contains("[relay]"), e.getMessage());
        String nested = file("nested.properties", "config = other.properties\n").toString();
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--config", nested));
        assertTrue(e.getMessage().contains("\"config\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--config", dir.resolve("none.toml").toString()));
        assertTrue(e.getMessage().contains("cannot read the config file"), e.getMessage());
    }

    @Test
    void aSubcommandsOptionsAreNotReadFromTheGatewaysFile() throws Exception {
        // "secret" is a gateway option, and the client has one of its own: only its environment sets that.
        String config = file("switchboard.properties", "secret = from-the-file\n").toString();
        String[] args = {"--config", config, "client", "127.0.0.1", "2323"};
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(OptionDefaults.load(cli.getCommandSpec(), "--config", args, Map.of()));
        cli.parseArgs(args);
        assertEquals("from-the-file", cli.getCommandSpec().findOption("--secret").getValue());
        Object clientSecret = cli.getSubcommands().get("client").getCommandSpec().findOption("--secret").getValue();
        assertEquals(null, clientSecret);
    }

    @Test
    void trustedProxiesAreAListFromEverySourceAndABadOneStopsTheStart() throws Exception {
        assertEquals(List.of("127.0.0.1/32", "10.0.0.0/8", "::1/128"),
                parse(Map.of(), "--trusted-proxy", "127.0.0.1/32,10.0.0.0/8", "--trusted-proxy", "::1/128").trustedProxies);
        assertEquals(List.of("10.0.0.0/8", "::1"), parse(Map.of("SWITCHBOARD_TRUSTED_PROXY", "10.0.0.0/8,::1"))
                .trustedProxies);
        String config = file("proxies.toml", "trusted-proxy = [\"192.0.2.0/24\", \"2001:db8::/32\"]\n").toString();
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/32"), parse(Map.of(), "--config", config).trustedProxies);
        assertTrue(parse(Map.of()).trustedProxies.isEmpty(), "none by default");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(new String[] {"--trusted-proxy", "proxy.example.org"}, Map.of()));
        } finally {
            System.setErr(before);
        }
        String said = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.startsWith("switchboard: --trusted-proxy takes an address range like"), said);
    }

    @Test
    void theWriteDelayIsMillisecondsFromZeroToAHundred() {
        assertEquals(java.time.Duration.ZERO, parse(Map.of(), "--write-delay", "0").settings().writeDelay());
        assertEquals(java.time.Duration.ofMillis(4), parse(Map.of()).settings().writeDelay(), "the default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--write-delay", "250").settings());
        assertEquals("--write-delay takes 0 to 100 milliseconds, not 250", e.getMessage());
    }

    @Test
    void theCommandLinesDefaultsAreTheProductsWrittenOnce() {
        // No option given: exactly the settings the builder starts from (one place holds each default).
        io.switchboard.config.Settings product = io.switchboard.config.Settings.builder().build();
        io.switchboard.config.Settings commandLine = parse(Map.of()).settings();
        List<String> differ = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent c : io.switchboard.config.Settings.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(product);
                Object b = c.getAccessor().invoke(commandLine);
                if (!java.util.Objects.equals(a, b)) {
                    differ.add(c.getName() + ": " + a + " vs " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(List.of(), differ);
    }
}
