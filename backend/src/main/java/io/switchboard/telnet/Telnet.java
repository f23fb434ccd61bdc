package io.switchboard.telnet;

/** Telnet's command and option codes by name (RFC 854, 855 and the option RFCs). */
public final class Telnet {
    public static final int IAC = 255;
    public static final int DONT = 254;
    public static final int DO = 253;
    public static final int WONT = 252;
    public static final int WILL = 251;
    public static final int SB = 250;
    public static final int GA = 249;
    public static final int EL = 248;
    public static final int EC = 247;
    public static final int AYT = 246;
    public static final int AO = 245;
    public static final int IP = 244;
    public static final int BRK = 243;
    public static final int DM = 242;
    public static final int NOP = 241;
    public static final int SE = 240;
    public static final int EOR = 239;
    public static final int ABORT = 238;
    public static final int SUSP = 237;
    public static final int XEOF = 236;

    public static final int BINARY = 0;       // RFC 856
    public static final int ECHO = 1;         // RFC 857
    public static final int SGA = 3;          // RFC 858, suppress go-ahead
    public static final int TIMING_MARK = 6;  // RFC 860
    public static final int TTYPE = 24;       // RFC 1091, terminal type
    public static final int NAWS = 31;        // RFC 1073, window size

    /** TTYPE subnegotiation verbs. */
    public static final int IS = 0;
    public static final int SEND = 1;

    private Telnet() {
    }
}
