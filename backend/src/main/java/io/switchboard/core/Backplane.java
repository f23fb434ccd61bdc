package io.switchboard.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one node shares with the other nodes of a cluster: nicks, presence and room chat. The hub
 * calls it and never learns how it is done; answers come back through a {@link Receiver}.
 *
 * <p>Chat goes out and comes back: a node publishes a message and delivers it, like every
 * other node, when it reads it back in the order the cluster agreed on. Presence (joins, leaves,
 * nick changes) is delivered locally at once and published for the others. Publishing only
 * queues; the calls that may wait (nick claims, watching a room) wait a bounded time.
 *
 * <p>Every chat line takes this one route, on one node as in a cluster: {@link LocalBackplane}
 * (a single node) hands it straight back through {@link Receiver#local}; a cluster node does the
 * same with what it cannot share while cut off.
 */
public interface Backplane {

    /** Events from the other nodes (and this node's chat, read back), in each room's order. */
    interface Receiver {
        /**
         * Chat events of one watched room, in the room's order, with the ids the cluster gave
         * them: a batch, so each member's writer is woken once for all of them.
         */
        void chat(String room, List<Event.Chat> events);

        /**
         * Delivers a draft to this node's members of its room: numbered, kept in the room and
         * its history, fanned out. With {@code storedOrNothing} (a post from outside) it is
         * delivered only if the history took it, and null says it was not. Also null when the
         * room is not here and there is no history of this node's own to keep it in.
         */
        Event.Chat local(Event.Chat draft, boolean storedOrNothing);

        /** A member of another node entered a watched room. */
        void joined(String room, MemberInfo who);

        /** A member of another node left a watched room (or its node vanished). */
        void left(String room, MemberInfo who, String reason);

        /** A member of another node in a watched room changed nick. */
        void renamed(String room, String oldNick, MemberInfo who);

        /** A private message from another node to a member of this one. */
        void whisper(Event.Private message);

        /**
         * The link went down or came back ({@link Backplane#degraded} says which now); while down
         * each node is on its own. Calls may race: the receiver acts on the state, not the call.
         */
        void linkChanged();

        /** After the link came back: who is in the room on other nodes now. */
        void roster(String room, List<MemberInfo> others);

        /** After the link came back, another node's member holds this local member's nick. */
        void nickLost(MemberInfo who);
    }

    /**
     * A room as the cluster has it: its recent chat, its members on other nodes, and where in
     * the room's shared order that picture was taken ({@code from}, the backplane's own token).
     */
    record RoomView(List<Event> recent, List<MemberInfo> others, Object from) {
    }

    /** This node's name in rosters; empty for a single node. */
    String node();

    /** Ids this node hands out to members start above this: node-unique in a cluster. */
    long idBase();

    /** Starts the link; events arrive at {@code receiver} from now on. */
    void start(Receiver receiver);

    /** True while the link to the other nodes is down. */
    boolean degraded();

    /**
     * Claims a nick (folded) for {@code who} across the cluster. False when a member of any node
     * holds it. While the link is down the claim is local only and true.
     */
    boolean claim(String folded, MemberInfo who);

    /**
     * True when a member of another node holds the nick (folded) now. Asked before a post from
     * outside under that nick; false while the link is down (this node's own members are checked
     * by the hub) or on a single node.
     */
    boolean nickHeld(String folded);

    /** A cluster-wide unique guest nick for {@code who}, or null to let the hub pick one locally. */
    String claimGuest(MemberInfo who);

    /** Gives a nick back (queued behind what {@code who} published before). */
    void release(String folded, MemberInfo who);

    /** A local member entered {@code room}. */
    void entered(String room, MemberInfo who);

    /** A local member left {@code room}; {@code folded} is its nick when it leaves the cluster too. */
    void exited(String room, MemberInfo who, String reason, String folded);

    /** A local member changed nick. */
    void renamed(String room, String oldNick, MemberInfo who);

    /**
     * Queues a chat event (its id is ignored: it is numbered on the way) for every node, this
     * one included; when the other nodes cannot be reached, for this node's members only.
     */
    void publish(Event.Chat draft);

    /**
     * Publishes and waits (at most {@code max}) for the numbered event, stored: for a post from
     * outside, which must not be acknowledged unless it was kept. Null when it was not posted.
     */
    Event.Chat publishAndWait(Event.Chat draft, Duration max);

    /** Hands a private message to the node whose member is called {@code to}; false if none is. */
    boolean whisper(String folded, Event.Private message);

    /**
     * What the cluster has of {@code room} now (waits a bounded time; called without the hub's
     * lock). Null when rooms are not shared, so the hub's own history has the scrollback.
     */
    RoomView snapshot(String room, int keep);

    /** This node now has members in {@code room}: read it on from {@code view}. Never waits. */
    void watch(String room, RoomView view);

    /** This node has no members left in {@code room}. */
    void unwatch(String room);

    /** Rooms with members on other nodes, and how many, as last seen. */
    Map<String, Integer> remoteRooms();

    /** The members, on every node, of a room this node does not watch; empty when unknown. */
    List<MemberInfo> roster(String room);

    /** Stops the link; this node's members are taken out of the cluster. */
    void close();
}
