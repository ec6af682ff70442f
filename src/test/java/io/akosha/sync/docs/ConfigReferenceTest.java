package io.akosha.sync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: every property of every {@code @ConfigMapping(prefix = "akosha...")}
 * interface (read by reflection over the compiled interfaces) and every {@code ${akosha.x:default}} expression in
 * src/main has a row there, with its default and its type, and the page names no akosha.* property (or AKOSHA_*
 * variable) that does not exist. Plain JUnit, no Quarkus: it reads classes and files only.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path RESOURCES = Path.of("src", "main", "resources");

    /** A property name as the page writes it; not part of a longer name (io.akosha.sync..., akosha-sync). */
    private static final Pattern NAME_IN_DOC = Pattern.compile("(?<![\\w.\\-/])akosha(\\.[a-z][a-z0-9-]*)+");
    private static final Pattern ENV_IN_DOC = Pattern.compile("(?<![\\w])AKOSHA_[A-Z0-9_]*[A-Z0-9]");
    /** ${akosha.park.check-interval:1s} in a Java annotation or in application.properties. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(akosha(?:\\.[a-z][a-z0-9-]*)+)(?::([^}$]*))?}");
    /** Environment variables akosha-sync reads itself, outside the configuration (the hook's). */
    private static final Set<String> OTHER_VARIABLES = Set.of("AKOSHA_SYNC_URL", "AKOSHA_API_TOKEN_FILE",
            "AKOSHA_LAUNCHER");

    /** A property of a mapping: its name, its Java type (null when only an expression names it), its default. */
    record Property(String name, Type type, String defaultValue) {
    }

    private static Map<String, Property> properties;
    private static String doc;

    @BeforeAll
    static void read() throws Exception {
        properties = new TreeMap<>();
        for (Class<?> mapping : mappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            if (prefix.equals("akosha") || prefix.startsWith("akosha.")) {
                collect(prefix, mapping, properties);
            }
        }
        for (Map.Entry<String, String> e : expressions().entrySet()) {
            properties.putIfAbsent(e.getKey(), new Property(e.getKey(), null, e.getValue()));
        }
        doc = Files.readString(DOC);
    }

    @Test
    void everyMappingIsFound() throws Exception {
        // the reflection found interfaces at all, and the one every other akosha property hangs off
        assertTrue(mappings().size() >= 10, "config mappings found: " + mappings());
        assertTrue(properties.containsKey("akosha.cloud.bucket"), properties.keySet().toString());
        assertTrue(properties.containsKey("akosha.fallback.mcp.batch-size"), "nested prefixes: " + properties.keySet());
        assertTrue(properties.containsKey("akosha.park.check-interval"), "expressions: " + properties.keySet());
    }

    @Test
    void kebabCaseIsSmallRyesNaming() {
        assertEquals("max-in-flight", kebab("maxInFlight"));
        assertEquals("duckdb-memory-limit", kebab("duckdbMemoryLimit"));
        assertEquals("sse", kebab("sse"));
        assertEquals("kms-key-id", kebab("kmsKeyId"));
    }

    @Test
    void everyPropertyHasARow() {
        List<String> missing = properties.keySet().stream().filter(name -> row(name) == null).toList();
        assertTrue(missing.isEmpty(), DOC + " has no row (| `name` | type | default | meaning |) for " + missing);
    }

    @Test
    void theDocNamesNoPropertyThatDoesNotExist() {
        Set<String> unknown = new TreeSet<>();
        Matcher m = NAME_IN_DOC.matcher(doc);
        while (m.find()) {
            String name = m.group();
            if (!properties.containsKey(name) && !isGroup(name)) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), DOC + " names properties the code does not have: " + unknown);
    }

    @Test
    void theDocNamesNoVariableThatDoesNotExist() {
        Set<String> variables = properties.keySet().stream().map(ConfigReferenceTest::env).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        Matcher m = ENV_IN_DOC.matcher(doc);
        while (m.find()) {
            String name = m.group();
            boolean group = variables.stream().anyMatch(v -> v.startsWith(name + "_"));
            if (!variables.contains(name) && !OTHER_VARIABLES.contains(name) && !group) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), DOC + " names variables no property maps to: " + unknown);
    }

    @Test
    void everyDefaultIsTheCodes() {
        List<String> wrong = new ArrayList<>();
        for (Property p : properties.values()) {
            String[] cells = row(p.name());
            if (p.defaultValue() == null || cells == null) {
                continue;
            }
            String expected = "`" + p.defaultValue().replace("${user.home}", "~") + "`";
            if (cells.length < 3 || !cells[2].contains(expected)) {
                wrong.add(p.name() + ": the default column should say " + expected + ", says "
                        + (cells.length < 3 ? "nothing" : cells[2].strip()));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyTypeIsTheCodes() {
        List<String> wrong = new ArrayList<>();
        for (Property p : properties.values()) {
            String[] cells = row(p.name());
            if (p.type() == null || cells == null) {
                continue;
            }
            String column = cells.length < 2 ? "" : cells[1].toLowerCase();
            for (String word : typeWords(p.type())) {
                if (!column.contains(word)) {
                    wrong.add(p.name() + ": the type column should name '" + word + "', says '" + column.strip() + "'");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** The words a type column must hold: the kind of value, and every value of an enum. */
    static List<String> typeWords(Type type) {
        Type t = unwrapOptional(type);
        if (t instanceof ParameterizedType list && list.getRawType() == List.class) {
            List<String> words = new ArrayList<>(List.of("list"));
            words.addAll(typeWords(list.getActualTypeArguments()[0]));
            return words;
        }
        Class<?> c = (Class<?>) t;
        if (c.isEnum()) {
            return Arrays.stream(c.getEnumConstants()).map(v -> ((Enum<?>) v).name().toLowerCase().replace('_', '-'))
                    .toList();
        }
        if (c == Duration.class) {
            return List.of("duration");
        }
        if (c == MemorySize.class) {
            return List.of("size");
        }
        if (c == boolean.class || c == Boolean.class) {
            return List.of("boolean");
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class || c == OptionalInt.class
                || c == OptionalLong.class) {
            return List.of("integer");
        }
        if (c == Path.class) {
            return List.of("path");
        }
        if (c == String.class) {
            return List.of("string");
        }
        throw new AssertionError("no type word for " + type + ": teach ConfigReferenceTest.typeWords");
    }

    private static Type unwrapOptional(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            return p.getActualTypeArguments()[0];
        }
        return type;
    }

    /**
     * The cells of the first row of a reference table (property, type, default, meaning) whose first cell is
     * {@code `name`}, or null; two-column tables (the environment names) do not count.
     */
    private static String[] row(String name) {
        String start = "| `" + name + "` |";
        for (String line : doc.split("\n")) {
            if (line.startsWith(start)) {
                String[] cells = Arrays.stream(line.substring(1).split("(?<!\\\\)\\|")).map(String::strip)
                        .toArray(String[]::new);
                if (cells.length >= 4) {
                    return cells;
                }
            }
        }
        return null;
    }

    /** A prefix the page may name on its own (akosha.cloud, as in "the akosha.cloud.* keys"). */
    private static boolean isGroup(String name) {
        return properties.keySet().stream().anyMatch(p -> p.startsWith(name + "."));
    }

    static String env(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** Every interface under src/main/java that carries @ConfigMapping, loaded from the compiled classes. */
    static List<Class<?>> mappings() throws IOException, ClassNotFoundException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (!Files.readString(file).contains("@ConfigMapping")) {
                    continue;
                }
                String name = SOURCES.relativize(file).toString().replace(".java", "").replace('/', '.');
                Class<?> c = Class.forName(name, false, ConfigReferenceTest.class.getClassLoader());
                assertTrue(c.isInterface() && c.isAnnotationPresent(ConfigMapping.class),
                        name + " mentions @ConfigMapping but is no annotated interface: teach ConfigReferenceTest");
                found.add(c);
            }
        }
        return found;
    }

    /** The properties of one mapping: methods in kebab-case, nested groups dotted. */
    static void collect(String prefix, Class<?> group, Map<String, Property> into) {
        for (Method m : group.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0 || m.isSynthetic()) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value()
                            : kebab(m.getName()));
            Type type = m.getGenericReturnType();
            Type inner = unwrapOptional(type);
            Class<?> raw = inner instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) inner;
            if (raw == Map.class) {
                fail(name + " is a Map: teach ConfigReferenceTest how the page names its keys");
            }
            if (isGroup(raw)) {
                collect(name, raw, into);
                continue;
            }
            WithDefault d = m.getAnnotation(WithDefault.class);
            assertFalse(into.containsKey(name) && !sameType(into.get(name).type(), type),
                    name + " is mapped twice with different types");
            into.put(name, new Property(name, type, d == null ? null : d.value()));
        }
    }

    private static boolean sameType(Type a, Type b) {
        return a == null || a.equals(b);
    }

    /** A nested config group: an interface of our own (java.nio.file.Path is an interface, but a value). */
    private static boolean isGroup(Class<?> c) {
        return c.isInterface() && !c.getName().startsWith("java.");
    }

    /** SmallRye's default naming: maxInFlight -> max-in-flight. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase();
    }

    /** {@code ${akosha.x:default}} in src/main (annotations such as @Scheduled, application.properties). */
    static Map<String, String> expressions() throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (Path root : List.of(SOURCES, RESOURCES)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                        .toList()) {
                    Matcher m = EXPRESSION.matcher(Files.readString(file));
                    while (m.find()) {
                        found.putIfAbsent(m.group(1), m.group(2) == null || m.group(2).isEmpty() ? null : m.group(2));
                    }
                }
            }
        }
        return found;
    }
}
