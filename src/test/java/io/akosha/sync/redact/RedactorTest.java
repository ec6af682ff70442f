package io.akosha.sync.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the redaction layer masks, and what it leaves alone. */
class RedactorTest {

    /** AWS's documented example key id, assembled so that secret scanners do not take the source for a leak. */
    private static final String EXAMPLE_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE";
    /** AWS's documented example secret, assembled likewise. */
    private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";

    @Test
    void configuredAndRuntimeSecretsAreMaskedByValue() {
        Redactor.configured("unit-configured-secret-1");
        Redactor.runtime("unit-session-token-2");
        assertEquals("a **** b **** c", Redactor.redact("a unit-configured-secret-1 b unit-session-token-2 c"));
        Redactor.configured("abc"); // too short to be masked by value: it would mask ordinary words
        assertEquals("abc", Redactor.redact("abc"));
    }

    @Test
    void secretLookingTokensAreMaskedByPattern() {
        assertMasked("Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl", "eyJ");
        assertMasked("authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA");
        assertMasked("Authorization: AWS4-HMAC-SHA256 Credential=" + EXAMPLE_KEY_ID + "/20261122/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027", "fe5f80f77d");
        assertMasked("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAXYZ%2F2026"
                + "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjE&X-Amz-Signature=0123abcd", "IQoJb3JpZ2luX2VjE", "0123abcd");
        assertMasked("x-amz-security-token: IQoJb3JpZ2luX2VjEXAMPLE", "IQoJb3JpZ2luX2VjEXAMPLE");
        assertMasked("aws_secret_access_key = " + EXAMPLE_SECRET, "wJalrXUtnFEMI");
        assertMasked("{\"secretAccessKey\":\"wJalrXUtnFEMI\",\"sessionToken\":\"FwoGZXIvYXdzE\"}", "wJalrXUtnFEMI",
                "FwoGZXIvYXdzE");
        assertMasked("https://akosha:hunter2-password@akosha.example.com/ingest", "hunter2-password");
        assertMasked("key " + EXAMPLE_KEY_ID + " in use", "IOSFODNN7EXAMPLE");
    }

    @Test
    void ordinaryTextStaysReadable() {
        for (String text : new String[] {"storage answered HTTP 403 ExpiredToken",
            "akosha.fallback.token: required when akosha.fallback.url is set",
            "akosha.cloud.access-key-id and akosha.cloud.secret-access-key: set both or neither",
            "Missing or wrong bearer token", "Sync 6f1c2a4e delivered to s3: 2 files, manifest systems/x/manifest.json"}) {
            assertEquals(text, Redactor.redact(text));
        }
    }

    @Test
    void exceptionChainsAreCopiedWithMaskedMessagesOnlyWhenNeeded() {
        IOException clean = new IOException("connection reset");
        assertSame(clean, Redactor.redact(clean));

        Redactor.configured("unit-secret-in-cause");
        IOException dirty = new IOException("upload failed", new IllegalStateException("token unit-secret-in-cause"));
        Throwable masked = Redactor.redact(dirty);
        StringWriter trace = new StringWriter();
        masked.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("unit-secret-in-cause"), trace.toString());
        assertTrue(trace.toString().startsWith("java.io.IOException: upload failed"), trace.toString());
        assertTrue(trace.toString().contains("Caused by: java.lang.IllegalStateException: token ****"), trace.toString());
        assertEquals(dirty.getStackTrace()[0], masked.getStackTrace()[0], "the stack trace is kept");
    }

    private static void assertMasked(String text, String... secrets) {
        String masked = Redactor.redact(text);
        for (String secret : secrets) {
            assertFalse(masked.contains(secret), secret + " still in " + masked);
        }
        assertTrue(masked.contains(Redactor.MASK), masked);
    }

    @Test
    void valueAConfigurationErrorEchoesIsMaskedEverywhereInTheMessage() {
        String message = "SRCFG00039: The config property akosha.api.rate-limit with the config value "
                + "\"tok_pasted_here\" threw an Exception whilst being converted SRCFG00029: Expected an integer "
                + "value, got \"tok_pasted_here\"; value tok_pasted_here not in correct format";
        String masked = Redactor.redact(message);
        assertFalse(masked.contains("tok_pasted_here"), masked);
        assertTrue(masked.contains("akosha.api.rate-limit") && masked.contains("Expected an integer"), masked);
    }
}
