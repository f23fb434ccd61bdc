package io.switchboard.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Links in chat text: made from the escaped text only, for http and https only. */
class LinksTest {
    private static String a(String href) {
        return "<a href=\"" + href + "\" rel=\"noopener noreferrer\" target=\"_blank\">" + href + "</a>";
    }

    @Test
    void addressesBecomeLinksAndEverythingElseStaysEscapedText() {
        assertEquals("no &lt;b&gt;links&lt;/b&gt; here", Links.linkify("no <b>links</b> here"));
        assertEquals("see " + a("https://example.org/a?b=1&amp;c=2") + ", ok",
                Links.linkify("see https://example.org/a?b=1&c=2, ok"));
        assertEquals("(" + a("http://example.org/wiki/X_(y)") + ")", Links.linkify("(http://example.org/wiki/X_(y))"));
        assertEquals(a("https://example.org/") + "&quot; onclick=&quot;x", Links.linkify("https://example.org/\" onclick=\"x"));
        assertEquals("&lt;" + a("https://e.org/x") + "&gt;", Links.linkify("<https://e.org/x>"));
    }

    @Test
    void otherSchemesAndBareSchemesAreNotLinked() {
        assertEquals("javascript:alert(1) data:text/html,x ftp://e.org", Links.linkify("javascript:alert(1) data:text/html,x ftp://e.org"));
        assertEquals("https:// and http://.", Links.linkify("https:// and http://."));
    }
}
