package io.akosha.sync.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The MCP extension writes its protocol objects (a tool's result: {@code isError}, {@code structuredContent}; content,
 * annotations) with the application's {@link ObjectMapper}, whose snake_case names ({@code api.ApiJson}) would turn
 * them into {@code is_error}, which no MCP client reads. Applied after {@code ApiJson}: the MCP types
 * ({@code io.quarkiverse.mcp.*}) keep the names MCP gives them, everything else stays snake_case.
 */
@Singleton
public class McpJson implements ObjectMapperCustomizer {

    static final String MCP_TYPES = "io.quarkiverse.mcp.";

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // last: wraps the strategy ApiJson set
    }

    @Override
    public void customize(ObjectMapper mapper) {
        PropertyNamingStrategy application = mapper.getSerializationConfig().getPropertyNamingStrategy();
        if (application != null) {
            mapper.setPropertyNamingStrategy(new ExceptMcp(application));
        }
    }

    /** {@code application}'s names, except for the MCP protocol's own types. */
    static final class ExceptMcp extends PropertyNamingStrategy {

        private static final long serialVersionUID = 1L;
        private final PropertyNamingStrategy application;

        ExceptMcp(PropertyNamingStrategy application) {
            this.application = application;
        }

        private static boolean mcp(AnnotatedMember member) {
            return member != null && member.getDeclaringClass().getName().startsWith(MCP_TYPES);
        }

        @Override
        public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
            return mcp(field) ? defaultName : application.nameForField(config, field, defaultName);
        }

        @Override
        public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
            return mcp(method) ? defaultName : application.nameForGetterMethod(config, method, defaultName);
        }

        @Override
        public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
            return mcp(method) ? defaultName : application.nameForSetterMethod(config, method, defaultName);
        }

        @Override
        public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter,
                String defaultName) {
            return mcp(parameter) ? defaultName
                    : application.nameForConstructorParameter(config, parameter, defaultName);
        }
    }
}
