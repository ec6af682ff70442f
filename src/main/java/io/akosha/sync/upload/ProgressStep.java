package io.akosha.sync.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.ObjectProgress.PartDone;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of the progress journal: what became of one object of a sync's upload. Exactly one of:
 * {@code object} (what is known about {@code key} now, replacing what was: a multipart upload started, the object
 * complete), {@code part} (one more part of {@code key} confirmed), or neither ({@code key} null: the sync's
 * progress is forgotten, delivered or cut anew).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressStep(String syncId, String key, ObjectProgress object, PartDone part) {

    static ProgressStep object(String syncId, ObjectProgress object) {
        return new ProgressStep(syncId, object.key(), object, null);
    }

    static ProgressStep part(String syncId, String key, PartDone part) {
        return new ProgressStep(syncId, key, null, part);
    }

    static ProgressStep forget(String syncId) {
        return new ProgressStep(syncId, null, null, null);
    }
}
