package io.akosha.sync.audit;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The audit log's own file, which only the sidecar writes (commands never do). */
@ConfigMapping(prefix = "akosha.audit")
public interface AuditConfig {

    /** Default: {@code audit.log} in the spool directory. */
    Optional<Path> file();

    /** When the next line would make the file larger, it is renamed to {@code .1} (and older ones shift up). */
    @WithDefault("10M")
    MemorySize maxFileSize();

    /** How many rotated files are kept ({@code audit.log.1} … {@code .N}); 0 keeps none. */
    @WithDefault("10")
    int maxBackups();
}
