package io.switchboard;

import io.switchboard.bench.BenchCommand;
import io.switchboard.client.ClientCommand;
import io.switchboard.config.OptionDefaults;
import io.switchboard.config.Settings;
import io.switchboard.ops.Banner;
import io.switchboard.ops.Build;
import io.switchboard.runtime.EventLoops;
import io.switchboard.runtime.JdkCaches;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/**
 * The command line: serves the gateway (the default), or {@code client}, or {@code bench}. Every option
 * also reads SWITCHBOARD_* and, for the gateway, a --config file.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {ClientCommand.class, BenchCommand.class},
        description = {"A chat gateway that puts browsers and raw sockets in the same room.",
            "Every option can also be set as an environment variable (--tcp-port is",
            "SWITCHBOARD_TCP_PORT) or in a --config file (tcp-port = 2323).",
            "Precedence: command line > environment > config file > defaults."})
public final class Main implements Callable<Integer> {
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Mixin
    GatewayOptions options = new GatewayOptions();

    public static void main(String[] args) {
        // Netty tracks one buffer in 128 for leaks, taking a stack trace at its allocation and its
        // release: 7% of the gateway's CPU at 20 msg/s (BENCHMARKS). The tests keep it on; the jar
        // turns it off unless asked.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        JdkCaches.warm(); // meanwhile, the command line is parsed
        System.exit(run(args, System.getenv()));
    }

    /** Runs the command line and returns the exit code (2 for any usage or start-up problem). */
    static int run(String[] args, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new Main());
        try {
            cli.setDefaultValueProvider(OptionDefaults.load(cli.getCommandSpec(), GatewayOptions.CONFIG, args, environment));
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        cli.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("switchboard: " + e.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        // Before the first logger exists: slf4j-simple reads its level once. A -D flag wins over the default.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null || !settings.logLevel().equals("info")) {
            System.setProperty(LOG_LEVEL_PROPERTY, settings.logLevel());
        }
        if (options.ioUring) {
            EventLoops.preferIoUring(); // one transport per process, chosen before the first loops exist
        }
        Gateway gateway = new Gateway(settings);
        try {
            gateway.start();
        } catch (Gateway.StartupException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handle TERM and INT ourselves: a shutdown hook would still exit with 143/130,
        // and an orderly stop (members told, output flushed) is a success.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        Banner.print(System.out, gateway, settings);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("switchboard: shutting down");
        gateway.close();
        return 0;
    }

    /** --version: what the jar was built from. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Build.describe()};
        }
    }
}
