package io.switchboard.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A single node: nothing is shared, nothing waits, and chat goes straight back to this node's
 * rooms, so the hub takes the same route whether or not it is in a cluster.
 */
public final class LocalBackplane implements Backplane {
    private volatile Receiver receiver;

    @Override
    public String node() {
        return "";
    }

    @Override
    public long idBase() {
        return 0;
    }

    @Override
    public void start(Receiver events) {
        receiver = events;
    }

    @Override
    public boolean degraded() {
        return false;
    }

    @Override
    public boolean claim(String folded, MemberInfo who) {
        return true; // the directory checks this node's own nicks
    }

    @Override
    public boolean nickHeld(String folded) {
        return false;
    }

    @Override
    public String claimGuest(MemberInfo who) {
        return null;
    }

    @Override
    public void release(String folded, MemberInfo who) {
    }

    @Override
    public void entered(String room, MemberInfo who) {
    }

    @Override
    public void exited(String room, MemberInfo who, String reason, String folded) {
    }

    @Override
    public void renamed(String room, String oldNick, MemberInfo who) {
    }

    @Override
    public void publish(Event.Chat draft) {
        receiver.local(draft, false);
    }

    @Override
    public Event.Chat publishAndWait(Event.Chat draft, Duration max) {
        return receiver.local(draft, true);
    }

    @Override
    public boolean whisper(String folded, Event.Private message) {
        return false; // no other node to hold the nick
    }

    @Override
    public RoomView snapshot(String room, int keep) {
        return null; // nothing shared: the room's own history has its scrollback
    }

    @Override
    public void watch(String room, RoomView view) {
    }

    @Override
    public void unwatch(String room) {
    }

    @Override
    public Map<String, Integer> remoteRooms() {
        return Map.of();
    }

    @Override
    public List<MemberInfo> roster(String room) {
        return List.of();
    }

    @Override
    public void close() {
    }
}
