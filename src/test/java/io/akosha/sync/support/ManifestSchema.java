package io.akosha.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * The published manifest contract, {@code akosha/manifest.schema.json} from the main resources (the copy the
 * jar ships), with {@code format} asserted ({@code date-time}), not only annotated.
 */
public final class ManifestSchema {

    public static final String RESOURCE = "/akosha/manifest.schema.json";

    private static final JsonSchema SCHEMA;

    static {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the class path");
            }
            SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ManifestSchema() {
    }

    /** What the schema finds wrong with a manifest; empty when it passes. */
    public static Set<ValidationMessage> validate(JsonNode manifest) {
        return SCHEMA.validate(manifest);
    }

    /** The schema document itself. */
    public static JsonNode document() throws IOException {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
