package io.akosha.sync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/akosha-sync.env.example} as systemd's {@code EnvironmentFile=} reads it: every assignment, and every
 * commented-out example assignment uncommented, names a property the sidecar has and holds a value its
 * configuration mappings convert (with the sidecar's own converters: enums, booleans, numbers, durations, sizes,
 * paths). The environment-to-property mapping is SmallRye's ({@code AKOSHA_CLOUD_SSE} is {@code akosha.cloud.sse}).
 */
class EnvExampleTest {

    static final Path EXAMPLE = Path.of("deploy/akosha-sync.env.example");
    private static final Pattern COMMENTED_ASSIGNMENT = Pattern.compile("^#\\s*(AKOSHA_[A-Z0-9_]*=.*)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(akosha\\.[a-z0-9.-]+)");

    @Test
    void theParserFollowsSystemdsRules() {
        Map<String, String> env = EnvironmentFile.parse(String.join("\n",
                "# comment", "; comment too", "  # indented comment",
                "A=aes256   # or aws-kms",
                "  B  =  spaced out  ",
                "C='single # kept'  ",
                "D=\"double \\\"q\\\" \\$x \\n\"",
                "E=one\\",
                "two",
                "F=x\"y\"",
                "# a comment ending in a backslash \\",
                "G=swallowed",
                "no assignment here",
                "1BAD=x",
                "H=",
                "I=last"));
        assertEquals("aes256   # or aws-kms", env.get("A"), "a trailing comment is part of the value");
        assertEquals("spaced out", env.get("B"));
        assertEquals("single # kept", env.get("C"));
        assertEquals("double \"q\" $x \\n", env.get("D"));
        assertEquals("onetwo", env.get("E"), "backslash continuation");
        assertEquals("x\"y\"", env.get("F"), "quotes after the first character are kept");
        // systemd >= 254; older versions took the line after a comment ending in a backslash as comment too
        assertEquals("swallowed", env.get("G"), "a comment's trailing backslash does not continue it");
        assertFalse(env.containsKey("1BAD"));
        assertEquals("", env.get("H"));
        assertEquals("last", env.get("I"));
        assertEquals(List.of("A", "B", "C", "D", "E", "F", "G", "H", "I"), List.copyOf(env.keySet()));
    }

    @Test
    void everyAssignmentIsOneTheSidecarAccepts() throws Exception {
        Map<String, String> active = EnvironmentFile.read(EXAMPLE);
        for (String line : Files.readAllLines(EXAMPLE)) {
            // read alike by every systemd version, and by a shell or docker --env-file
            assertFalse(line.endsWith("\\"), "no line ends in a backslash: " + line);
            assertEquals(line.strip(), line, "no whitespace around a line: '" + line + "'");
        }
        Map<String, String> examples = commentedExamples();
        assertTrue(active.keySet().containsAll(List.of("AKOSHA_DATA_DIR", "AKOSHA_SPOOL_DIR", "AKOSHA_LOCAL_DIR")),
                active.toString());
        assertTrue(examples.size() >= 10, "the commented examples were found: " + examples);

        Map<String, String> all = new LinkedHashMap<>(examples);
        all.putAll(active);
        List<String> problems = new ArrayList<>();
        Map<String, String> properties = knownVariables();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value.contains("#")) {
                problems.add(key + ": '#' in the value '" + value + "' (a trailing comment?)");
            }
            if (value.contains("<") || value.contains(">")) {
                problems.add(key + ": a placeholder in <...> is no value: '" + value + "'");
            }
            if (!value.equals(value.strip()) || value.startsWith("\"") || value.startsWith("'")) {
                problems.add(key + ": quotes or whitespace around '" + value + "'");
            }
            if (!properties.containsKey(key) && !hookVariable(key)) {
                problems.add(key + ": no such property (known: " + new TreeSet<>(properties.keySet()) + ")");
            }
        }
        assertEquals(List.of(), problems);

        // every value through the sidecar's own mappings and converters (empty values: unset, as for a secret left out)
        Map<String, String> set = new TreeMap<>();
        all.forEach((k, v) -> {
            if (properties.containsKey(k) && !v.isEmpty()) {
                set.put(k, v);
            }
        });
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new EnvConfigSource(set, 300))
                .withDefaultValue("user.home", System.getProperty("user.home"))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withValidateUnknown(false);
        for (Class<?> mapping : mappings()) {
            builder.withMapping(mapping);
        }
        SmallRyeConfig config;
        try {
            config = builder.build();
        } catch (RuntimeException refused) {
            throw new AssertionError("the sidecar's configuration mappings refuse " + set + ": " + refused, refused);
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            String property = properties.get(e.getKey());
            if (property.startsWith("akosha.")) {
                assertEquals(e.getValue(), config.getRawValue(property), e.getKey() + " is read as " + property);
            }
        }
    }

    /** The example assignments shown commented out ({@code # AKOSHA_X=...}), as they would read uncommented. */
    static Map<String, String> commentedExamples() throws IOException {
        StringBuilder uncommented = new StringBuilder();
        for (String line : Files.readAllLines(EXAMPLE)) {
            Matcher m = COMMENTED_ASSIGNMENT.matcher(line.strip());
            if (m.matches()) {
                uncommented.append(m.group(1)).append('\n');
            }
        }
        return EnvironmentFile.parse(uncommented.toString());
    }

    /** Environment variable name to property, for every property of the sidecar's configuration mappings. */
    static Map<String, String> knownVariables() throws IOException {
        Map<String, String> known = new TreeMap<>();
        for (Class<?> mapping : mappings()) {
            properties(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, known);
        }
        // properties read through ${akosha.x:default} in application.properties or annotations (the scheduler's)
        try (Stream<Path> files = Stream.concat(Stream.of(Path.of("src/main/resources/application.properties")),
                Files.walk(Path.of("src/main/java")).filter(f -> f.toString().endsWith(".java")))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = PLACEHOLDER.matcher(Files.readString(file));
                while (m.find()) {
                    known.put(envName(m.group(1)), m.group(1));
                }
            }
        }
        return known;
    }

    /** Variables the {@code hook} command reads from its own environment (not configuration properties). */
    private static boolean hookVariable(String name) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains("\"" + name + "\"");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static void properties(String prefix, Class<?> type, Map<String, String> known) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String property = prefix + "." + kebab(method.getName());
            if (method.getReturnType().isInterface() && method.getReturnType().getName().startsWith("io.akosha")) {
                properties(property, method.getReturnType(), known);
            } else {
                known.put(envName(property), property);
            }
        }
    }

    static List<Class<?>> mappings() throws IOException {
        Path classes = Path.of("target/classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> c = Class.forName(name, false, EnvExampleTest.class.getClassLoader());
                    if (c.isInterface() && c.isAnnotationPresent(ConfigMapping.class)) {
                        found.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError notLoadable) {
                    // generated or build-time classes
                }
            }
        }
        if (found.size() < 10) {
            fail("the configuration mappings were not found in " + classes + ": " + found);
        }
        return found;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    static Set<String> variables() throws IOException {
        return knownVariables().keySet();
    }
}
