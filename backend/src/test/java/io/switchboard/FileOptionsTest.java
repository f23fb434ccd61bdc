package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.FileSettings;
import io.switchboard.config.OptionDefaults;
import io.switchboard.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The file options: listed in --help, read from the environment, checked, and a bad directory named at start. */
@Timeout(30)
class FileOptionsTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheFileOptionsAndTheEnvironmentSetsThem() {
        CommandLine cli = new CommandLine(new Main());
        StringWriter help = new StringWriter();
        cli.usage(new PrintWriter(help));
        for (String option : new String[] {"--max-file", "--file-room-quota", "--file-quota", "--file-keep-days",
            "--files-dir"}) {
            assertTrue(help.toString().contains(option), option + " in --help");
        }
        Main main = new Main();
        CommandLine parsed = new CommandLine(main);
        parsed.setDefaultValueProvider(OptionDefaults.load(parsed.getCommandSpec(), "--config", new String[0],
                Map.of("SWITCHBOARD_MAX_FILE", "2048", "SWITCHBOARD_FILE_KEEP_DAYS", "0")));
        parsed.parseArgs();
        assertEquals(2048, main.options.maxFile);
        assertEquals(0, main.options.fileKeepDays);
        Main defaults = new Main();
        CommandLine plain = new CommandLine(defaults);
        plain.setDefaultValueProvider(OptionDefaults.load(plain.getCommandSpec(), "--config", new String[0], Map.of()));
        plain.parseArgs();
        assertEquals(10L << 20, defaults.options.maxFile);
    }

    @Test
    void badLimitsSayWhichOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileSettings(null, 0, 1, 1, Duration.ZERO));
        assertTrue(e.getMessage().startsWith("--max-file must be at least 1"), e.getMessage());
    }

    @Test
    void aFilesDirThatCannotBeADirectoryStopsTheStartNamingTheOption() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Settings settings = Settings.forTests()
                .files(new FileSettings(notADirectory, 1024, 1024, 1024, Duration.ZERO)).build();
        Gateway.StartupException e = assertThrows(Gateway.StartupException.class,
                () -> new Gateway(settings).start());
        assertTrue(e.getMessage().contains("--files-dir"), e.getMessage());
    }
}
