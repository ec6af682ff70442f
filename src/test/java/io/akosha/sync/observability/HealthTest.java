package io.akosha.sync.observability;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Readiness follows the journal directory and the bucket, and comes back by itself; liveness does not move. */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class HealthTest {

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void startedAndLiveAndReady() {
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        awaitReady(200);
    }

    @Test
    void bucketGoneMeansNotReadyUntilItIsBack() throws Exception {
        awaitReady(200);
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            s3.deleteBucket(b -> b.bucket(S3Resource.BUCKET));
            try {
                awaitReady(503);
                given().get("/q/health/ready").then().body(org.hamcrest.Matchers.containsString("NoSuchBucket"));
                given().get("/q/health/live").then().statusCode(200);
            } finally {
                s3.createBucket(b -> b.bucket(S3Resource.BUCKET));
            }
        }
        awaitReady(200);
    }

    @Test
    void readOnlyJournalDirectoryMeansNotReady() throws Exception {
        awaitReady(200);
        Path spool = env.spoolDir();
        // root ignores permission bits: make the directory immutable instead (ext4, xfs, btrfs)
        assumeTrue(run("chattr", "+i", spool.toString()) == 0, "chattr +i not supported here");
        try {
            awaitReady(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            run("chattr", "-i", spool.toString());
        }
        awaitReady(200);
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }

    private static void awaitReady(int status) {
        await("readiness " + status).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").then().extract().statusCode() == status);
    }
}
