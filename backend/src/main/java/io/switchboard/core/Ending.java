package io.switchboard.core;

/** Why a member's connection is being closed, so each transport can say it its own way. */
public enum Ending {
    /** The member left: /quit or a clean close. */
    NORMAL,
    /** The server put the member out (too slow, broke a rule); its backlog is discarded. */
    DROPPED,
    /** The server is going away. */
    SHUTDOWN
}
