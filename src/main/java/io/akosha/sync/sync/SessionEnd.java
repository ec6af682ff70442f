package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a session end said and saw when it was accepted.
 *
 * @param reason         why the session ended, as the session tool said it (Claude Code: {@code exit},
 *                       {@code clear}, {@code logout}, ...); null when it did not say
 * @param cwd            the session's working directory, as the session tool said it; null when it did not say
 * @param filesState     hash of the size, modification time and identity of the files it takes; a later end of the
 *                       same session with the same state repeats this sync instead of starting one
 * @param previousSyncId the earlier sync of the same session this one follows (the session ended again with
 *                       changed files, e.g. after {@code claude --resume}); null for a session's first sync
 */
@RegisterForReflection
public record SessionEnd(String reason, String cwd, String filesState, String previousSyncId) {

    SessionEnd following(String syncId) {
        return new SessionEnd(reason, cwd, filesState, syncId);
    }
}
