package io.akosha.sync.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;

/**
 * An optional string of the manifest ({@code compression_format}, {@code reused_from}): it may be left out, but
 * an explicit {@code null} is refused, as the schema allows {@code null} nowhere. Left out, it reads as null.
 */
@RegisterForReflection
public final class NoNullString extends StdScalarDeserializer<String> {

    public NoNullString() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return StringDeserializer.instance.deserialize(p, ctxt);
    }

    @Override
    public String getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        throw InvalidNullException.from(ctxt, null, ctxt.constructType(String.class));
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }
}
