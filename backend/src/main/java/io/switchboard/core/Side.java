package io.switchboard.core;

/** Which architecture a member came in through: the page (B/S) or a raw socket (C/S). */
public enum Side {
    /** Browser/server: the htmx page or a program on the WebSocket. */
    BROWSER,
    /** Client/server: telnet, nc, UDP scripts, native programs. */
    NATIVE
}
