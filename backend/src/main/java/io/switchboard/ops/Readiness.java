package io.switchboard.ops;

/**
 * Whether this node should be given new members: starting until every listener is bound,
 * ready, then draining from the moment it is told to stop. /readyz answers from here, so a
 * load balancer stops sending members before they would be turned away.
 */
public final class Readiness {
    /** Where the node is in its life. */
    public enum State { STARTING, READY, DRAINING }

    private volatile State state = State.STARTING;
    private volatile String reason = "starting: the listeners are not all bound yet";

    /** Every listener is bound and serving. */
    public void ready() {
        if (state == State.STARTING) {
            state = State.READY;
            reason = "";
        }
    }

    /** The node is stopping; says why until the process ends. */
    public void draining(String why) {
        reason = why;
        state = State.DRAINING;
    }

    /** Where the node is now. */
    public State state() {
        return state;
    }

    /** Why the node is not ready; empty when it is. */
    public String reason() {
        return reason;
    }
}
