package io.switchboard.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's options: which targets a browser may reach, how many sessions at once, and how long
 * a silent or closing session may live.
 *
 * @param targets        the allow-list ({@code --relay}, repeatable)
 * @param maxSessions    relay sessions at once, all targets together ({@code --relay-max-sessions})
 * @param maxPerTarget   relay sessions at once to one target ({@code --relay-max-per-target})
 * @param idle           a session where nothing moved either way for this long is closed ({@code --relay-idle})
 * @param drain          after the browser leaves, how long upstream may still send before it is cut off
 * @param connectTimeout how long connecting to a TCP target may take
 */
public record RelaySettings(List<RelayTarget> targets, int maxSessions, int maxPerTarget, Duration idle,
        Duration drain, Duration connectTimeout) {

    /** No targets: the relay is off. */
    public static final RelaySettings NONE = new RelaySettings(List.of(), 100, 20, Duration.ofMinutes(5),
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    public RelaySettings {
        targets = List.copyOf(targets);
        Set<String> names = new HashSet<>();
        for (RelayTarget target : targets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("--relay names must be unique; " + target.name() + " is given twice");
            }
        }
        Settings.atLeast("--relay-max-sessions", maxSessions, 1);
        Settings.atLeast("--relay-max-per-target", maxPerTarget, 1);
        Settings.atLeast("--relay-idle", idle.toMillis(), 1);
        Settings.atLeast("relay drain", drain.toMillis(), 0);
        Settings.atLeast("relay connect timeout", connectTimeout.toMillis(), 1);
    }

    /** Parses every {@code --relay} value; errors name the option. */
    public static RelaySettings parse(List<String> specs, int maxSessions, int maxPerTarget, Duration idle) {
        List<RelayTarget> targets = new ArrayList<>();
        for (String spec : specs) {
            targets.add(RelayTarget.parse(spec));
        }
        return NONE.withTargets(targets).withLimits(maxSessions, maxPerTarget, idle);
    }

    /** The target called {@code name}, if it is on the allow-list. */
    public Optional<RelayTarget> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public RelaySettings withTargets(List<RelayTarget> value) {
        return new RelaySettings(value, maxSessions, maxPerTarget, idle, drain, connectTimeout);
    }

    public RelaySettings withLimits(int sessions, int perTarget, Duration idleTimeout) {
        return new RelaySettings(targets, sessions, perTarget, idleTimeout, drain, connectTimeout);
    }

    public RelaySettings withDrain(Duration value) {
        return new RelaySettings(targets, maxSessions, maxPerTarget, idle, value, connectTimeout);
    }
}
