package io.akosha.sync.cloud;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Server-side encryption is requested on every object, on the wire (single puts and multipart uploads alike). */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class ServerSideEncryptionTest {

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void everyObjectIsWrittenWithAes256() throws Exception {
        List<String> heads = new CopyOnWriteArrayList<>();
        env.proxy().gate(head -> {
            heads.add(head);
            return null;
        });
        TestFiles.writePseudoRandom(env.dataDir().resolve("big.duckdb"), 12L * 1024 * 1024);
        TestFiles.writePseudoRandom(env.dataDir().resolve("small.duckdb"), 64 * 1024);
        JsonNode sync = awaitDelivered(endSession("sse-1", "{\"files\":[\"big.duckdb\",\"small.duckdb\"]}"),
                Duration.ofSeconds(60));
        env.proxy().gate(null);
        assertEquals("cloud", sync.get("method").asText());

        int objectWrites = 0;
        for (String head : heads) {
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            boolean createsObject = requestLine.startsWith("PUT ") && !requestLine.contains("partNumber=")
                    || requestLine.startsWith("POST ") && requestLine.contains("?uploads");
            if (createsObject) {
                objectWrites++;
                assertTrue(head.toLowerCase(Locale.ROOT).contains("\r\nx-amz-server-side-encryption: aes256\r\n"),
                        "no SSE on " + requestLine);
            }
        }
        assertEquals(3, objectWrites, "multipart start for big, put for small, put for the manifest: " + heads.size());
    }

    @Test
    void kmsWithAKeyIdWhenConfigured() {
        ServerSideEncryption kms = new ServerSideEncryption(CloudConfig.Encryption.AWS_KMS, "alias/akosha");
        PutObjectRequest put = (PutObjectRequest) modify(kms, PutObjectRequest.builder().bucket("b").key("k").build());
        assertEquals("aws:kms", put.serverSideEncryptionAsString());
        assertEquals("alias/akosha", put.ssekmsKeyId());
        CreateMultipartUploadRequest create = (CreateMultipartUploadRequest) modify(kms,
                CreateMultipartUploadRequest.builder().bucket("b").key("k").build());
        assertEquals("aws:kms", create.serverSideEncryptionAsString());
        assertEquals("alias/akosha", create.ssekmsKeyId());
        UploadPartRequest part = UploadPartRequest.builder().bucket("b").key("k").partNumber(1).build();
        assertEquals(part, modify(kms, part), "parts inherit the upload's encryption");
        PutObjectRequest s3Managed = (PutObjectRequest) modify(new ServerSideEncryption(CloudConfig.Encryption.AES256,
                null), PutObjectRequest.builder().bucket("b").key("k").build());
        assertEquals("AES256", s3Managed.serverSideEncryptionAsString());
        assertNull(s3Managed.ssekmsKeyId());
    }

    private static SdkRequest modify(ServerSideEncryption interceptor, SdkRequest request) {
        Context.ModifyRequest context = () -> request;
        return interceptor.modifyRequest(context, new ExecutionAttributes());
    }
}
