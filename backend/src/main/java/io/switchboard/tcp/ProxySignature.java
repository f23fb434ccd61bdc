package io.switchboard.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.nio.charset.StandardCharsets;

/**
 * Whether a connection's first bytes are a PROXY protocol header (v1 text or v2 binary). Netty's
 * own detection waits for 12 bytes; a person typing "hi" on a trusted address must not wait for
 * ten more, so bytes that already differ from both signatures are told apart at once.
 */
enum ProxySignature {
    /** The PROXY protocol, version 1 or 2: a header to decode (or to refuse). */
    HEADER,
    /** Ordinary input: these bytes are not, and cannot become, a PROXY header. */
    NOT_A_HEADER,
    /** So far the bytes are the start of a signature: wait for more. */
    UNDECIDED;

    // v1 is "PROXY" and a space; the space keeps a first message like "PROXYBOT here" apart.
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** What the readable bytes of {@code in} are (they are not consumed). */
    static ProxySignature of(ByteBuf in) {
        boolean v1 = startsLike(in, V1);
        boolean v2 = startsLike(in, V2);
        if (!v1 && !v2) {
            return NOT_A_HEADER;
        }
        if (v1 && in.readableBytes() >= V1.length && in.readableBytes() < V2.length) {
            return HEADER; // no v1 header is shorter than 15 bytes, but six say enough
        }
        if (in.readableBytes() < V2.length) {
            return UNDECIDED;
        }
        ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
        // Netty takes "PROXY" without the space for v1; the check above has already required it.
        return result.state() == ProtocolDetectionState.DETECTED ? HEADER : NOT_A_HEADER;
    }

    /** Whether the readable bytes agree with {@code signature} as far as both go. */
    private static boolean startsLike(ByteBuf in, byte[] signature) {
        int n = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
