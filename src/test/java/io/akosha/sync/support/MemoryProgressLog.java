package io.akosha.sync.support;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.upload.ProgressLog;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The journal's part of an upload, in memory; {@link #dieAtPart} makes it fail as a process killed there would. */
public final class MemoryProgressLog implements ProgressLog {

    private final Map<String, ObjectProgress> objects = new ConcurrentHashMap<>();
    /** The recording of this many parts fails: the store has the part, the journal does not. */
    public volatile int dieAtPart = -1;

    @Override
    public Optional<ObjectProgress> find(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public void started(String key, String cutting, String multipartId) {
        objects.put(key, ObjectProgress.started(key, cutting, multipartId));
    }

    @Override
    public void part(String key, ObjectProgress.PartDone part) {
        ObjectProgress next = objects.get(key).withPart(part);
        if (next.parts().size() == dieAtPart) {
            throw new IllegalStateException("killed before the journal write");
        }
        objects.put(key, next);
    }

    @Override
    public void completed(String key, String cutting, FileResult stored) {
        objects.put(key, ObjectProgress.started(key, cutting, null).completed(stored));
    }
}
