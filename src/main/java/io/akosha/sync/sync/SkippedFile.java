package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A file a sync asked for but did not take, and why (it vanished, or became a symlink leaving the data directory). */
@RegisterForReflection
public record SkippedFile(String name, String reason) {
}
