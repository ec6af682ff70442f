package io.akosha.sync.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the hook takes from Claude Code's stdin, and how the session id goes into the URL. */
class HookInputTest {

    @Test
    void takesTheSessionReasonAndDirectory() throws IOException {
        HookInput input = read("{\"session_id\":\"2f0c1b7e-3a8d-4f5e-9b6a-1c2d3e4f5a6b\",\"transcript_path\":"
                + "\"/home/u/.claude/projects/x/2f0c.jsonl\",\"cwd\":\"/home/u/my.project\",\"hook_event_name\":"
                + "\"SessionEnd\",\"reason\":\"exit\"}");

        assertEquals(new HookInput("2f0c1b7e-3a8d-4f5e-9b6a-1c2d3e4f5a6b", "exit", "/home/u/my.project"), input);
        assertEquals("{\"reason\":\"exit\",\"cwd\":\"/home/u/my.project\"}",
                new String(input.body(), StandardCharsets.UTF_8));
        assertEquals("{}", new String(read("{\"session_id\":\"s\"}").body(), StandardCharsets.UTF_8));
    }

    @Test
    void saysWhyInputIsNotASessionEnd() {
        assertEquals("it is empty", refused(""));
        assertEquals("it has no session_id", refused("{\"reason\":\"exit\"}"));
        assertEquals("it has no session_id", refused("{\"session_id\":42}"));
        assertEquals("it is not a JSON object", refused("[1]"));
        assertEquals("it is a Stop event, not SessionEnd",
                refused("{\"session_id\":\"s\",\"hook_event_name\":\"Stop\"}"));
        assertEquals("it is larger than 64 KiB", refused("{\"session_id\":\"" + "x".repeat(70_000) + "\"}"));
        assertEquals("Unexpected character ('x' (code 120)): was expecting double-quote to start field name",
                refused("{x"));
    }

    @Test
    void percentEncodesTheSessionIdAsOnePathSegment() {
        assertEquals("2f0c1b7e-3a8d_~", SidecarCall.pathSegment("2f0c1b7e-3a8d_~"));
        assertEquals("%2E%2E%2Fa%20b%3F%C3%A9", SidecarCall.pathSegment("../a b?é"));
    }

    private static String refused(String stdin) {
        return assertThrows(IllegalArgumentException.class, () -> read(stdin)).getMessage();
    }

    private static HookInput read(String stdin) throws IOException {
        return HookInput.read(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }
}
