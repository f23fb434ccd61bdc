package io.switchboard.cluster;

import java.util.EnumMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Lua scripts that change shared state. Each runs atomically in Redis, so a change to
 * presence and the stream entry announcing it can never be seen apart, and a node that dies
 * halfway through leaves nothing half done.
 *
 * <p>Every script takes the key prefix as ARGV[1]. Keys (with the default prefix):
 * <ul>
 * <li>{@code sb:room:R} a room's stream: chat and presence, in the order every node sees</li>
 * <li>{@code sb:members:R} a room's members on every node: MemberInfo.key() to its JSON</li>
 * <li>{@code sb:rooms} room to member count, for room lists</li>
 * <li>{@code sb:nicks} folded nick to the key of the member holding it</li>
 * <li>{@code sb:node:N} node N's members: key to "room TAB folded nick", so its death can be undone</li>
 * <li>{@code sb:nodenicks:N} every nick node N's members hold or are taking: folded nick to member key</li>
 * <li>{@code sb:nodes} node to the Redis time (ms) after which it counts as dead</li>
 * <li>{@code sb:inbox:N} node N's private messages, and wake-ups for its reader</li>
 * <li>{@code sb:ids} the chat id counter; {@code sb:guests} the guest nick counter</li>
 * </ul>
 * A single Redis (or a Sentinel-managed primary) is assumed: the scripts touch keys they
 * build, which Redis Cluster's slot routing would not allow.
 */
final class Scripts {

    enum Name { CHAT, ENTER, EXIT, RENAME, CLAIM, GUEST, RELEASE, WHISPER, SNAPSHOT, WAKE, BEAT, LEAVE, REASSERT, ALIVE }

    private static final String COMMON = """
            local p = ARGV[1]
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function count(room, delta)
              if redis.call('HINCRBY', p .. 'rooms', room, delta) <= 0 then
                redis.call('HDEL', p .. 'rooms', room)
              end
            end
            local function evict(node, why, max)
              local members = redis.call('HGETALL', p .. 'node:' .. node)
              for i = 1, #members, 2 do
                local key, rec = members[i], members[i + 1]
                local tab = string.find(rec, '\\t', 1, true)
                local room, folded = string.sub(rec, 1, tab - 1), string.sub(rec, tab + 1)
                if room ~= '' then
                  local info = redis.call('HGET', p .. 'members:' .. room, key)
                  if info then
                    redis.call('HDEL', p .. 'members:' .. room, key)
                    count(room, -1)
                    redis.call('XADD', p .. 'room:' .. room, 'MAXLEN', '~', max, '*',
                      'k', 'l', 'n', node, 'who', info, 'why', why)
                  end
                end
                if folded ~= '' and redis.call('HGET', p .. 'nicks', folded) == key then
                  redis.call('HDEL', p .. 'nicks', folded)
                end
              end
              redis.call('DEL', p .. 'node:' .. node)
              local nicks = redis.call('HGETALL', p .. 'nodenicks:' .. node)
              for i = 1, #nicks, 2 do
                if redis.call('HGET', p .. 'nicks', nicks[i]) == nicks[i + 1] then
                  redis.call('HDEL', p .. 'nicks', nicks[i])
                end
              end
              redis.call('DEL', p .. 'nodenicks:' .. node)
            end
            -- The room was used now; past 'most' rooms, the streams of rooms used least recently
            -- that no one is in are deleted (a few per call), so Redis holds a bounded history.
            local function touch(room, most)
              redis.call('ZADD', p .. 'active', now(), room)
              local excess = redis.call('ZCARD', p .. 'active') - tonumber(most)
              if excess <= 0 then return end
              local stale = redis.call('ZRANGE', p .. 'active', 0, math.min(excess, 8) - 1)
              for _, old in ipairs(stale) do
                if old ~= room and redis.call('HLEN', p .. 'members:' .. old) == 0 then
                  redis.call('DEL', p .. 'room:' .. old)
                  redis.call('ZREM', p .. 'active', old)
                end
              end
            end
            """;

    private static final Map<Name, String> SOURCES = new EnumMap<>(Name.class);

    static {
        // ARGV: p, room, max, floor, node, seq, kind, nick, via, text, at, rooms -> {id, stream id}
        SOURCES.put(Name.CHAT, """
            local id = redis.call('INCR', p .. 'ids')
            local floor = tonumber(ARGV[4])
            if id <= floor then
              id = floor + 1
              redis.call('SET', p .. 'ids', id)
            end
            local sid = redis.call('XADD', p .. 'room:' .. ARGV[2], 'MAXLEN', '~', ARGV[3], '*',
              'k', ARGV[7], 'id', id, 'n', ARGV[5], 's', ARGV[6], 'nick', ARGV[8], 'via', ARGV[9],
              'text', ARGV[10], 'at', ARGV[11])
            touch(ARGV[2], ARGV[12])
            return {id, sid}
            """);
        // ARGV: p, room, max, node, key, info, folded
        SOURCES.put(Name.ENTER, """
            if redis.call('HSET', p .. 'members:' .. ARGV[2], ARGV[5], ARGV[6]) == 1 then
              count(ARGV[2], 1)
            end
            redis.call('HSET', p .. 'node:' .. ARGV[4], ARGV[5], ARGV[2] .. '\\t' .. ARGV[7])
            redis.call('XADD', p .. 'room:' .. ARGV[2], 'MAXLEN', '~', ARGV[3], '*',
              'k', 'j', 'n', ARGV[4], 'who', ARGV[6])
            return 1
            """);
        // ARGV: p, room, max, node, key, info, why, folded ('' when only changing room)
        SOURCES.put(Name.EXIT, """
            if redis.call('HDEL', p .. 'members:' .. ARGV[2], ARGV[5]) == 1 then
              count(ARGV[2], -1)
              redis.call('XADD', p .. 'room:' .. ARGV[2], 'MAXLEN', '~', ARGV[3], '*',
                'k', 'l', 'n', ARGV[4], 'who', ARGV[6], 'why', ARGV[7])
            end
            if ARGV[8] ~= '' then
              redis.call('HDEL', p .. 'node:' .. ARGV[4], ARGV[5])
              if redis.call('HGET', p .. 'nicks', ARGV[8]) == ARGV[5] then
                redis.call('HDEL', p .. 'nicks', ARGV[8])
              end
              if redis.call('HGET', p .. 'nodenicks:' .. ARGV[4], ARGV[8]) == ARGV[5] then
                redis.call('HDEL', p .. 'nodenicks:' .. ARGV[4], ARGV[8])
              end
            end
            return 1
            """);
        // ARGV: p, room, max, node, key, info, old nick, folded new nick
        SOURCES.put(Name.RENAME, """
            if redis.call('HEXISTS', p .. 'members:' .. ARGV[2], ARGV[5]) == 1 then
              redis.call('HSET', p .. 'members:' .. ARGV[2], ARGV[5], ARGV[6])
              redis.call('XADD', p .. 'room:' .. ARGV[2], 'MAXLEN', '~', ARGV[3], '*',
                'k', 'r', 'n', ARGV[4], 'who', ARGV[6], 'old', ARGV[7])
            end
            redis.call('HSET', p .. 'node:' .. ARGV[4], ARGV[5], ARGV[2] .. '\\t' .. ARGV[8])
            return 1
            """);
        // ARGV: p, folded, key, node -> 1 claimed (or already ours), 0 taken
        SOURCES.put(Name.CLAIM, """
            local holder = redis.call('HGET', p .. 'nicks', ARGV[2])
            if holder == ARGV[3] then return 1 end
            if holder then return 0 end
            redis.call('HSET', p .. 'nicks', ARGV[2], ARGV[3])
            redis.call('HSET', p .. 'nodenicks:' .. ARGV[4], ARGV[2], ARGV[3])
            return 1
            """);
        // ARGV: p, key, node -> a guest nick now held by key
        SOURCES.put(Name.GUEST, """
            while true do
              local nick = 'guest' .. redis.call('INCR', p .. 'guests')
              if redis.call('HSETNX', p .. 'nicks', nick, ARGV[2]) == 1 then
                redis.call('HSET', p .. 'nodenicks:' .. ARGV[3], nick, ARGV[2])
                return nick
              end
            end
            """);
        // ARGV: p, folded, key, node
        SOURCES.put(Name.RELEASE, """
            if redis.call('HGET', p .. 'nicks', ARGV[2]) == ARGV[3] then
              redis.call('HDEL', p .. 'nicks', ARGV[2])
            end
            if redis.call('HGET', p .. 'nodenicks:' .. ARGV[4], ARGV[2]) == ARGV[3] then
              redis.call('HDEL', p .. 'nodenicks:' .. ARGV[4], ARGV[2])
            end
            return 1
            """);
        // ARGV: p, folded to, id, from, via, text, at -> 1 handed to the holder's node, 0 nobody
        SOURCES.put(Name.WHISPER, """
            local holder = redis.call('HGET', p .. 'nicks', ARGV[2])
            if not holder then return 0 end
            local node = string.sub(holder, 1, string.find(holder, '/', 1, true) - 1)
            redis.call('XADD', p .. 'inbox:' .. node, 'MAXLEN', '~', 1000, '*',
              'k', 'p', 'id', ARGV[3], 'from', ARGV[4], 'to', ARGV[2], 'via', ARGV[5],
              'text', ARGV[6], 'at', ARGV[7])
            return 1
            """);
        // ARGV: p, room, entries -> {newest entries, members (flat key, info)}, seen at one instant
        SOURCES.put(Name.SNAPSHOT, """
            local entries = redis.call('XREVRANGE', p .. 'room:' .. ARGV[2], '+', '-', 'COUNT', ARGV[3])
            local members = redis.call('HGETALL', p .. 'members:' .. ARGV[2])
            return {entries, members}
            """);
        // ARGV: p, node: ends the node's blocking read, so it reads a room it has just started watching
        SOURCES.put(Name.WAKE, """
            redis.call('XADD', p .. 'inbox:' .. ARGV[2], 'MAXLEN', '~', 1000, '*', 'k', 'w')
            return 1
            """);
        // ARGV: p, node, ttl ms, max -> {1 if this node had been forgotten, room counts (flat)}
        SOURCES.put(Name.BEAT, """
            local t = now()
            local forgotten = redis.call('ZADD', p .. 'nodes', t + tonumber(ARGV[3]), ARGV[2])
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', p .. 'nodes', '-inf', t)) do
              if redis.call('ZREM', p .. 'nodes', node) == 1 then
                evict(node, 'node ' .. node .. ' stopped answering', ARGV[4])
              end
            end
            return {forgotten, redis.call('HGETALL', p .. 'rooms')}
            """);
        // ARGV: p, node, max, why
        SOURCES.put(Name.LEAVE, """
            redis.call('ZREM', p .. 'nodes', ARGV[2])
            evict(ARGV[2], ARGV[4], ARGV[3])
            return 1
            """);
    }

    static {
        // ARGV: p, node -> 1 while a node of that name is alive (by Redis's clock, not ours)
        SOURCES.put(Name.ALIVE, """
                local deadline = redis.call('ZSCORE', p .. 'nodes', ARGV[2])
                if deadline and tonumber(deadline) > now() then return 1 end
                return 0
                """);
        // ARGV: p, room, max, node, key, info, folded -> 0 fine, 1 the nick is someone else's now
        SOURCES.put(Name.REASSERT, """
                local lost = 0
                local holder = redis.call('HGET', p .. 'nicks', ARGV[7])
                if holder and holder ~= ARGV[5] then
                  lost = 1
                else
                  redis.call('HSET', p .. 'nicks', ARGV[7], ARGV[5])
                  redis.call('HSET', p .. 'nodenicks:' .. ARGV[4], ARGV[7], ARGV[5])
                end
                if redis.call('HSET', p .. 'members:' .. ARGV[2], ARGV[5], ARGV[6]) == 1 then
                  count(ARGV[2], 1)
                  redis.call('XADD', p .. 'room:' .. ARGV[2], 'MAXLEN', '~', ARGV[3], '*',
                    'k', 'j', 'n', ARGV[4], 'who', ARGV[6])
                end
                redis.call('HSET', p .. 'node:' .. ARGV[4], ARGV[5], ARGV[2] .. '\\t' .. (lost == 1 and '' or ARGV[7]))
                return lost
                """);
    }

    private final Map<Name, String> shas = new EnumMap<>(Name.class);

    /** Loads every script (again: a restarted Redis has forgotten them) and remembers their hashes. */
    synchronized void load(UnifiedJedis redis) {
        for (Map.Entry<Name, String> e : SOURCES.entrySet()) {
            shas.put(e.getKey(), redis.scriptLoad(COMMON + e.getValue()));
        }
    }

    synchronized String sha(Name name) {
        String sha = shas.get(name);
        if (sha == null) {
            throw new IllegalStateException("scripts not loaded yet");
        }
        return sha;
    }
}
