package io.switchboard.telnet;

/**
 * Option negotiation by RFC 1143's Q method, for both sides of the connection: "us" (options
 * this server performs: WILL/WONT, asked by DO/DONT) and "him" (options the client performs).
 * The method answers every request exactly once and never answers an answer, so two peers can
 * not talk each other into a loop however they phrase their requests.
 */
final class Options {
    /** Where negotiation replies are written. */
    interface Wire {
        void send(int verb, int option);
    }

    private static final byte NO = 0;
    private static final byte YES = 1;
    private static final byte WANT_NO = 2;
    private static final byte WANT_YES = 3;

    private final Side us;
    private final Side him;

    /** {@code ours}: options we agree to perform; {@code theirs}: options we let the client perform. */
    Options(Wire wire, int[] ours, int[] theirs) {
        this.us = new Side(wire, Telnet.WILL, Telnet.WONT, ours);
        this.him = new Side(wire, Telnet.DO, Telnet.DONT, theirs);
    }

    boolean us(int option) {
        return us.state[option] == YES;
    }

    boolean him(int option) {
        return him.state[option] == YES;
    }

    /** Asks to turn one of our options on or off (sent now, or queued behind a pending answer). */
    void askUs(int option, boolean enable) {
        us.ask(option, enable);
    }

    /** Asks the client to turn one of its options on or off. */
    void askHim(int option, boolean enable) {
        him.ask(option, enable);
    }

    /** A WILL/WONT/DO/DONT from the client; true when an option's state changed. */
    boolean received(int verb, int option) {
        return switch (verb) {
            case Telnet.WILL -> him.enableRequested(option);
            case Telnet.WONT -> him.disableRequested(option);
            case Telnet.DO -> us.enableRequested(option);
            case Telnet.DONT -> us.disableRequested(option);
            default -> throw new IllegalArgumentException("not a negotiation verb: " + verb);
        };
    }

    /** One side's options: the state and the queue bit of RFC 1143 for each of the 256 codes. */
    private static final class Side {
        private final Wire wire;
        private final int yes;
        private final int no;
        private final boolean[] allowed = new boolean[256];
        private final byte[] state = new byte[256];
        private final boolean[] opposite = new boolean[256]; // the queue bit: "OPPOSITE" when set

        Side(Wire wire, int yes, int no, int[] allowedOptions) {
            this.wire = wire;
            this.yes = yes;
            this.no = no;
            for (int option : allowedOptions) {
                allowed[option] = true;
            }
        }

        boolean enableRequested(int option) {
            switch (state[option]) {
                case NO -> {
                    if (!allowed[option]) {
                        wire.send(no, option); // unknown or unwanted: refused, and nothing changes
                        return false;
                    }
                    state[option] = YES;
                    wire.send(yes, option);
                    return true;
                }
                case WANT_NO -> {
                    // Either an error (our "no" answered by "yes") or the queued reversal landing.
                    state[option] = opposite[option] ? YES : NO;
                    opposite[option] = false;
                    return state[option] == YES;
                }
                case WANT_YES -> {
                    if (opposite[option]) {
                        state[option] = WANT_NO;
                        opposite[option] = false;
                        wire.send(no, option);
                        return false;
                    }
                    state[option] = YES;
                    return true;
                }
                default -> {
                    return false; // already on: an answer is never answered
                }
            }
        }

        boolean disableRequested(int option) {
            switch (state[option]) {
                case YES -> {
                    state[option] = NO;
                    wire.send(no, option);
                    return true;
                }
                case WANT_NO -> {
                    if (opposite[option]) {
                        state[option] = WANT_YES;
                        opposite[option] = false;
                        wire.send(yes, option);
                    } else {
                        state[option] = NO;
                    }
                    return false;
                }
                case WANT_YES -> {
                    state[option] = NO; // refused (or refused after a queued reversal)
                    opposite[option] = false;
                    return false;
                }
                default -> {
                    return false; // already off
                }
            }
        }

        void ask(int option, boolean enable) {
            byte s = state[option];
            if (enable) {
                if (s == NO) {
                    state[option] = WANT_YES;
                    wire.send(yes, option);
                } else if (s == WANT_NO) {
                    opposite[option] = true;
                } else if (s == WANT_YES) {
                    opposite[option] = false;
                }
            } else {
                if (s == YES) {
                    state[option] = WANT_NO;
                    wire.send(no, option);
                } else if (s == WANT_YES) {
                    opposite[option] = true;
                } else if (s == WANT_NO) {
                    opposite[option] = false;
                }
            }
        }
    }
}
