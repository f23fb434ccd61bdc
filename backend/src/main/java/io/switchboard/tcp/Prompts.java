package io.switchboard.tcp;

import io.switchboard.core.Commands;
import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.MemberInfo;
import io.switchboard.render.TerminalView;
import io.switchboard.telnet.Terminal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What a member's terminal shows and completes: its prompt, the commands, the nicks in its room. */
final class Prompts implements Terminal.Host {
    private final Hub hub;
    private final Supplier<Member> member;

    Prompts(Hub hub, Supplier<Member> member) {
        this.hub = hub;
        this.member = member;
    }

    @Override
    public String prompt() {
        Member m = member.get();
        return m == null ? "" : TerminalView.prompt(m.nick(), m.room() == null ? "" : m.room());
    }

    @Override
    public List<String> candidates(String word, boolean first) {
        if (first && word.startsWith("/")) {
            return Commands.NAMES;
        }
        Member m = member.get();
        List<MemberInfo> present = m == null || m.room() == null ? null : hub.members(m.room());
        if (present == null) {
            return List.of();
        }
        List<String> nicks = new ArrayList<>(present.size());
        for (MemberInfo info : present) {
            nicks.add(info.nick());
        }
        return nicks;
    }
}
