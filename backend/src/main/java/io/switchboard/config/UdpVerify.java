package io.switchboard.config;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Which datagram sources must prove they receive before they are members (--udp-verify): a
 * source address can be forged, so an unproved one could aim the room's traffic at someone else.
 */
public enum UdpVerify {
    /** Every source but loopback, which cannot be forged from outside the machine. */
    REMOTE,
    /** Every source. */
    ALWAYS,
    /** None: any datagram admits its source (a trusted network only). */
    NEVER;

    /** Whether a datagram from {@code source} must prove its address first. */
    public boolean required(InetAddress source) {
        return this == ALWAYS || this == REMOTE && !source.isLoopbackAddress();
    }

    /** The option's value, case-insensitive; an unknown one is an error that names the choices. */
    public static UdpVerify parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--udp-verify must be remote, always or never, not " + value);
        }
    }
}
