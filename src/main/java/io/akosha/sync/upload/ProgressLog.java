package io.akosha.sync.upload;

import io.akosha.sync.sync.ObjectProgress;
import java.util.Optional;

/** Where the progress of each object of an upload is remembered, so that an interrupted upload resumes. */
public interface ProgressLog {

    /** Remembers nothing: every upload starts from the beginning (the HTTP fallback's outbox). */
    ProgressLog NONE = new ProgressLog() {
        @Override
        public Optional<ObjectProgress> find(String key) {
            return Optional.empty();
        }

        @Override
        public void record(ObjectProgress progress) {
            // nothing to remember
        }
    };

    Optional<ObjectProgress> find(String key);

    /** Replaces what is known about {@code progress.key()}; returns once a crash of the process cannot lose it. */
    void record(ObjectProgress progress);
}
