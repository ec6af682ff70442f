package io.akosha.sync.upload;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Which store takes the uploads. */
@ConfigMapping(prefix = "akosha.destination")
public interface DestinationConfig {

    /**
     * {@code local} (a directory, {@code akosha.local.dir}) or {@code s3} (a bucket, {@code akosha.cloud.*}).
     * Unset: {@code s3} when {@code akosha.cloud.bucket} is set, else {@code local}.
     */
    Optional<String> type();

    /** The type in effect: {@link #type()}, else {@code s3} when a bucket is set, else {@code local}. */
    default String effectiveType(boolean bucketSet) {
        return type().orElse(bucketSet ? "s3" : "local");
    }
}
