package io.akosha.sync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policies in deploy/iam parse as JSON and say what the README promises: least privilege, TLS, encryption. */
class IamPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IAM = Path.of("deploy", "iam");
    private static final Set<String> SIDECAR_S3_ACTIONS = Set.of("s3:PutObject", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts", "s3:ListBucketMultipartUploads", "s3:GetObject");

    @Test
    void sidecarRoleMayOnlyWriteAndReadUploadsUnderItsPrefix() throws Exception {
        JsonNode policy = read("sidecar-policy.json");
        assertEquals("2012-10-17", policy.get("Version").asText());
        Set<String> allowed = new HashSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertEquals("Allow", statement.get("Effect").asText(), "only allows: " + statement);
            for (String action : strings(statement.get("Action"))) {
                assertFalse(action.contains("*"), "no wildcard action: " + action);
                assertFalse(action.contains("Delete"), "no delete: " + action);
                allowed.add(action);
            }
            for (String resource : strings(statement.get("Resource"))) {
                assertFalse(resource.equals("*"), "no wildcard resource: " + statement);
                if (resource.startsWith("arn:aws:s3:::") && resource.contains("/")) {
                    assertTrue(resource.endsWith("/systems/*"), "objects only under the prefix: " + resource);
                }
            }
        }
        assertTrue(allowed.containsAll(SIDECAR_S3_ACTIONS), "needs " + SIDECAR_S3_ACTIONS + ", has " + allowed);
        // beyond them only the bucket probe / prefix listing and the KMS key for SSE-KMS
        Set<String> extra = new HashSet<>(allowed);
        extra.removeAll(SIDECAR_S3_ACTIONS);
        assertEquals(Set.of("s3:ListBucket", "kms:GenerateDataKey", "kms:Decrypt"), extra);
        JsonNode list = statementWith(policy, "s3:ListBucket");
        assertEquals(List.of("systems/", "systems/*"),
                strings(list.get("Condition").get("StringLikeIfExists").get("s3:prefix")), "listing limited to the prefix");
    }

    @Test
    void bucketPolicyDeniesPlainHttpUnencryptedPutsAndPublicAcls() throws Exception {
        JsonNode policy = read("bucket-policy.json");
        JsonNode tls = sid(policy, "DenyInsecureTransport");
        assertEquals("Deny", tls.get("Effect").asText());
        assertEquals("s3:*", tls.get("Action").asText());
        assertEquals("false", tls.get("Condition").get("Bool").get("aws:SecureTransport").asText());

        JsonNode unencrypted = sid(policy, "DenyUnencryptedObjectUploads");
        assertEquals("Deny", unencrypted.get("Effect").asText());
        assertEquals("s3:PutObject", unencrypted.get("Action").asText());
        assertEquals("true", unencrypted.get("Condition").get("Null").get("s3:x-amz-server-side-encryption").asText());
        JsonNode wrong = sid(policy, "DenyIncorrectEncryptionHeader");
        assertEquals(List.of("AES256", "aws:kms"),
                strings(wrong.get("Condition").get("StringNotEquals").get("s3:x-amz-server-side-encryption")));
        assertEquals("Deny", sid(policy, "DenyPublicAcls").get("Effect").asText());

        JsonNode block = read("public-access-block.json");
        for (String setting : List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")) {
            assertTrue(block.get(setting).asBoolean(), setting);
        }
    }

    @Test
    void lifecycleAbortsIncompleteMultipartUploads() throws Exception {
        JsonNode rule = read("lifecycle.json").get("Rules").get(0);
        assertEquals("Enabled", rule.get("Status").asText());
        int days = rule.get("AbortIncompleteMultipartUpload").get("DaysAfterInitiation").asInt();
        assertTrue(days >= 1 && days <= 7, "aborted within a week: " + days);
    }

    @Test
    void trustPoliciesLetOnlyTheSidecarsServiceAccountIn() throws Exception {
        String serviceAccount = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("deploy", "k8s", "base", "serviceaccount.yaml").toFile())
                .get("metadata").get("name").asText();

        JsonNode irsa = read("trust-irsa.json").get("Statement").get(0);
        assertEquals("sts:AssumeRoleWithWebIdentity", irsa.get("Action").asText());
        assertTrue(irsa.get("Principal").get("Federated").asText().contains(":oidc-provider/"));
        JsonNode equals = irsa.get("Condition").get("StringEquals");
        List<String> keys = new ArrayList<>();
        equals.fieldNames().forEachRemaining(keys::add);
        String sub = keys.stream().filter(k -> k.endsWith(":sub")).findFirst().orElseThrow();
        assertTrue(equals.get(sub).asText().endsWith(":" + serviceAccount), "bound to the ServiceAccount " + serviceAccount);
        assertEquals("sts.amazonaws.com", equals.get(keys.stream().filter(k -> k.endsWith(":aud")).findFirst()
                .orElseThrow()).asText());

        JsonNode podIdentity = read("trust-pod-identity.json").get("Statement").get(0);
        assertEquals("pods.eks.amazonaws.com", podIdentity.get("Principal").get("Service").asText());
        assertEquals(List.of("sts:AssumeRole", "sts:TagSession"), strings(podIdentity.get("Action")));
        assertEquals(serviceAccount, podIdentity.get("Condition").get("StringEquals")
                .get("aws:RequestTag/kubernetes-service-account").asText());
    }

    private static JsonNode read(String name) throws Exception {
        return JSON.readTree(IAM.resolve(name).toFile());
    }

    private static JsonNode sid(JsonNode policy, String sid) {
        for (JsonNode statement : policy.get("Statement")) {
            if (sid.equals(statement.path("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    private static JsonNode statementWith(JsonNode policy, String action) {
        for (JsonNode statement : policy.get("Statement")) {
            if (strings(statement.get("Action")).contains(action)) {
                return statement;
            }
        }
        throw new AssertionError("no statement allows " + action);
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
