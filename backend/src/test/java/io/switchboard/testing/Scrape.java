package io.switchboard.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text-format scrape, parsed strictly: every line must be a comment, a TYPE or
 * HELP line, or a well-formed sample, so a malformed exposition fails the test that reads it.
 */
public final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new HashMap<>();
    private final String text;

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not Prometheus text format: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != m.group(2).length()) {
                    throw new AssertionError("bad labels in: " + line);
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    /** Parses a scrape; fails on any malformed line. */
    public static Scrape parse(String text) {
        return new Scrape(text);
    }

    /** Every sample. */
    public List<Sample> samples() {
        return samples;
    }

    /** The declared type of a metric family ("counter", "histogram", ...), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** True when some sample has this name and these labels (pairs: name, value, name, value...). */
    public boolean has(String name, String... labels) {
        return !matching(name, labels).isEmpty();
    }

    /** The value of the one sample with this name and these labels; fails if there is not exactly one. */
    public double value(String name, String... labels) {
        List<Sample> found = matching(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labels) + " in:\n" + text);
        }
        return found.get(0).value();
    }

    private List<Sample> matching(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            boolean all = s.name().equals(name);
            for (int i = 0; all && i + 1 < labels.length; i += 2) {
                all = labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (all) {
                found.add(s);
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return text;
    }
}
