package io.switchboard.core;

/**
 * Who hears about members arriving and leaving, every transport alike (the connection log).
 * Called outside the hub's lock, on the thread that admitted or removed the member.
 */
public interface Lifecycle {
    /** Nobody listens. */
    Lifecycle NONE = new Lifecycle() {
        @Override
        public void joined(Member member) {
        }

        @Override
        public void left(Member member, String reason) {
        }
    };

    /** {@code member} was admitted. */
    void joined(Member member);

    /** {@code member} is gone, for {@code reason} (as the room was told). */
    void left(Member member, String reason);
}
