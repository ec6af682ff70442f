package io.akosha.sync.upload;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.ObjectProgress.PartDone;
import java.util.Optional;

/**
 * Where the progress of each object of an upload is remembered, so that an interrupted upload resumes. Each call
 * records one small step; {@link #find} gives what the steps so far add up to. A step is recorded once a crash of
 * the process cannot lose it.
 */
public interface ProgressLog {

    /** Remembers nothing: every upload starts from the beginning (the HTTP fallback's outbox). */
    ProgressLog NONE = new ProgressLog() {
        @Override
        public Optional<ObjectProgress> find(String key) {
            return Optional.empty();
        }

        @Override
        public void started(String key, String cutting, String multipartId) {
            // nothing to remember
        }

        @Override
        public void part(String key, PartDone part) {
            // nothing to remember
        }

        @Override
        public void completed(String key, String cutting, FileResult stored) {
            // nothing to remember
        }
    };

    Optional<ObjectProgress> find(String key);

    /**
     * A new multipart upload of {@code key} (null: the object starts over), replacing what was known about it.
     */
    void started(String key, String cutting, String multipartId);

    /** The store confirmed one part of {@code key}'s upload. */
    void part(String key, PartDone part);

    /** {@code key} is complete and holds {@code stored}. */
    void completed(String key, String cutting, FileResult stored);
}
