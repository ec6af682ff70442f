package io.akosha.sync.manifest;

import io.akosha.sync.digest.Digests;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code manifest.json} to and from the typed {@link Manifest}, with the application's JSON (snake_case). Reading
 * accepts only a manifest that passes Akosha's rules: JSON types as the schema states them (no {@code "3"} for 3,
 * no {@code 3.5} for an integer, no {@code null}), every required property, every rule of {@link #validate}.
 */
@ApplicationScoped
public class ManifestCodec {

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public ManifestCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        ObjectMapper strict = mapper.copy();
        strict.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        this.reader = strict.readerFor(Manifest.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The manifest as stored. */
    public byte[] write(Manifest manifest) throws JsonProcessingException {
        return mapper.writeValueAsBytes(manifest);
    }

    /**
     * Reads and checks a stored manifest.
     *
     * @throws InvalidManifestException when it is not JSON, has a value of the wrong type or breaks a rule
     * @throws IOException when {@code in} cannot be read
     */
    public Manifest read(InputStream in) throws IOException {
        Manifest manifest;
        try {
            manifest = reader.readValue(in);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(List.of(problem(e)));
        }
        if (manifest == null) {
            throw new InvalidManifestException(List.of("the manifest is null, not a JSON object"));
        }
        List<String> problems = validate(manifest);
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(problems);
        }
        return manifest;
    }

    /** As {@link #read(InputStream)}. */
    public Manifest read(byte[] json) throws InvalidManifestException {
        try {
            return read(new ByteArrayInputStream(json));
        } catch (InvalidManifestException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
    }

    /** Every rule of Akosha's the manifest breaks (a required component that is null is missing); empty if none. */
    public List<String> validate(Manifest manifest) {
        return new ManifestRules(Instant.now()).check(manifest);
    }

    /**
     * The manifest's {@code checksum} of its (valid) file entries: SHA-256 over {@code sha256sum}-style lines
     * ({@code "<sha256>  <name>\n"}), sorted by file name. The manifest is built and checked with this one.
     */
    public static String checksum(Collection<Manifest.FileEntry> files) {
        SortedMap<String, String> shaByName = new TreeMap<>();
        files.forEach(f -> shaByName.put(f.name(), f.sha256()));
        StringBuilder text = new StringBuilder();
        shaByName.forEach((name, sha) -> text.append(sha).append("  ").append(name).append('\n'));
        MessageDigest digest = Digests.sha256();
        digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return Digests.hex(digest);
    }

    /** What a parse failure says about the document, naming the property. */
    private static String problem(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "not JSON: " + e.getOriginalMessage();
        }
        if (mapping.getPath().isEmpty()) {
            return "the manifest is not a JSON object";
        }
        String at = path(mapping.getPath());
        if (e instanceof InvalidNullException) {
            return at + " must not be null";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return at + " must be " + kind(mismatch.getTargetType());
        }
        return at + ": " + e.getOriginalMessage();
    }

    /** {@code metadata.files[0].part_count}. */
    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                text.append('[').append(r.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String kind(Class<?> type) {
        if (type == Long.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class) {
            return "a boolean";
        }
        return Collection.class.isAssignableFrom(type) ? "an array" : "an object";
    }
}
