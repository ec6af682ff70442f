package io.akosha.sync.audit;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the audit log's own file is ({@code quarkus.log.handler.file.audit.path} refers to it); by default
 * {@code audit.log} in the spool directory.
 */
@ConfigMapping(prefix = "akosha.audit")
public interface AuditConfig {

    Optional<Path> file();
}
