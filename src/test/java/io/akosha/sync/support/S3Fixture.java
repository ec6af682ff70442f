package io.akosha.sync.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;

/**
 * What {@link S3Resource} started, handed to the test instance (field annotated {@link Inject}); works for
 * {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} alike.
 *
 * @param requestLog request lines seen by the recording proxy, in arrival order (a server-side copy ends in {@code [copy]})
 */
public record S3Fixture(Path dataDir, String directEndpoint, Path requestLog) {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }
}
