package io.switchboard.tcp;

import io.switchboard.core.Event;
import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.Posted;
import io.switchboard.files.FileRefused;
import io.switchboard.files.Sharing;
import io.switchboard.files.StoredFile;
import io.switchboard.files.Upload;
import io.switchboard.telnet.Terminal;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * One connection's {@code /file} uploads: the terminal counts the bytes off the stream, this
 * stores them and tells the room. A refused file (too large, over quota, sharing off) is still
 * counted off to its last byte, and dropped, so the stream stays in step: what follows the file is
 * the member's next line. Runs on the connection's event loop; writes go to the page cache.
 */
final class TcpUpload {
    private final Sharing sharing;
    private final Hub hub;
    private Upload upload; // null: no file under way, or one being dropped

    TcpUpload(Sharing sharing, Hub hub) {
        this.sharing = sharing;
        this.hub = hub;
    }

    /** Takes the file inputs out of {@code inputs}; {@code member} is null before admission (then all is dropped). */
    void take(List<Terminal.Input> inputs, Member member) {
        for (Iterator<Terminal.Input> it = inputs.iterator(); it.hasNext();) {
            Terminal.Input input = it.next();
            if (input instanceof Terminal.Input.FileStart start) {
                begin(start, member);
            } else if (input instanceof Terminal.Input.FileData data) {
                write(data.bytes(), member);
            } else if (input instanceof Terminal.Input.FileEnd end) {
                if (end.complete()) {
                    end(member);
                } else {
                    cutShort(member);
                }
            } else if (input instanceof Terminal.Input.NoFile no) {
                error(member, no.reason());
            } else {
                continue;
            }
            it.remove();
        }
    }

    /** The connection ended: a file still under way is dropped, without a word (no one is listening). */
    void abort() {
        if (upload != null) {
            upload.abort();
            upload = null;
        }
    }

    /** The sender stopped sending before the file's last byte: nothing is kept, and it is told. */
    private void cutShort(Member member) {
        if (upload != null) {
            error(member, "the file was cut short: " + upload.written() + " bytes arrived; nothing was kept");
            upload.abort();
            upload = null;
        }
    }

    private void begin(Terminal.Input.FileStart start, Member member) {
        cutShort(member); // cannot happen (the terminal counts one file at a time), but never leak one
        String room = member == null ? null : member.room();
        if (room == null) {
            return;
        }
        try {
            upload = sharing.begin(room, start.name(), start.size());
        } catch (FileRefused e) {
            error(member, "cannot share " + start.name() + ": " + e.getMessage());
        }
    }

    private void write(byte[] bytes, Member member) {
        if (upload != null) {
            try {
                upload.write(bytes, 0, bytes.length);
            } catch (FileRefused e) {
                error(member, "cannot share " + upload.name() + ": " + e.getMessage());
                upload = null;
            }
        }
    }

    private void end(Member member) {
        Upload done = upload;
        upload = null;
        if (done == null) {
            return;
        }
        try {
            StoredFile file = done.finish();
            Posted posted = sharing.share(member, null, null, null, file);
            if (posted.message() == null) {
                error(member, "cannot share " + file.name() + ": " + posted.problem());
            }
        } catch (FileRefused e) {
            error(member, "cannot share " + done.name() + ": " + e.getMessage());
        }
    }

    private void error(Member member, String text) {
        if (member != null) {
            hub.tell(member, new Event.Error(text, Instant.now()));
        }
    }
}
