package io.switchboard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line comes from: its SWITCHBOARD_* environment
 * variable, else the config file (the gateway's own options only), else the product's default
 * ({@link SettingsDefaults}, read off {@link Settings#builder()}: written once), else (null) the
 * annotated default of an option that is no setting. So the precedence is command line >
 * environment > file > defaults.
 */
public final class OptionDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;
    private final Map<String, String> file;

    /** {@code file}: the config file's values by option name without dashes (empty without --config). */
    public OptionDefaults(Map<String, String> environment, Map<String, String> file) {
        this.environment = environment;
        this.file = file;
    }

    /**
     * The sources for {@code gateway}'s options: {@code environment}, and the file named by
     * {@code configOption} in {@code args} (before any subcommand) or else in the environment.
     * Throws with a one-line message when the file cannot be read or has a key that is no option.
     */
    public static OptionDefaults load(CommandSpec gateway, String configOption, String[] args,
            Map<String, String> environment) {
        String path = environment.get(variable(configOption));
        for (int i = 0; i < args.length; i++) {
            if (gateway.subcommands().containsKey(args[i]) || args[i].equals("--")) {
                break;
            }
            if (args[i].equals(configOption) && i + 1 < args.length) {
                path = args[i + 1];
                break;
            }
            if (args[i].startsWith(configOption + "=")) {
                path = args[i].substring(configOption.length() + 1);
                break;
            }
        }
        if (path == null) {
            return new OptionDefaults(environment, Map.of());
        }
        List<String> known = new ArrayList<>();
        for (OptionSpec option : gateway.options()) {
            String name = option.longestName();
            if (name.startsWith("--") && !name.equals(configOption) && !name.equals("--help")
                    && !name.equals("--version")) {
                known.add(name.substring(2));
            }
        }
        return new OptionDefaults(environment, ConfigFile.read(Path.of(path), known));
    }

    /** SWITCHBOARD_TCP_PORT for --tcp-port, and so on. */
    public static String variable(String option) {
        return "SWITCHBOARD_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String fromEnvironment = environment.get(variable(option.longestName()));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        boolean gatewayOption = option.command() != null && option.command().parent() == null;
        if (!gatewayOption) {
            return null;
        }
        String name = option.longestName().substring(2);
        String fromFile = file.get(name);
        return fromFile != null ? fromFile : SettingsDefaults.of(name);
    }
}
