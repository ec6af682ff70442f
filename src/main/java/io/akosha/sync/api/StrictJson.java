package io.akosha.sync.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * How the API reads a request body ({@code @CustomDeserialization(StrictJson.class)} on a resource method): the
 * application's mapper (snake_case, {@link ApiJson}'s limits) made strict. A key given twice, a value of another
 * JSON type than the field's ({@code "3"} or {@code 3.7} for an integer, a number for a string, {@code ""} for a
 * number) and anything after the JSON value are refused with 400 naming the field, instead of being coerced or
 * silently dropped. Only request bodies: the journal and every other reader keep the shared, tolerant mapper.
 */
@RegisterForReflection // instantiated by Quarkus REST by its class name
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper shared, Type type) {
        ObjectMapper strict = shared.copy();
        strict.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return strict.readerFor(strict.constructType(type))
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }
}
