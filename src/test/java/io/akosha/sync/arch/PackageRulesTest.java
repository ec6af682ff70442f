package io.akosha.sync.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of the code, checked on the compiled classes: no cycle between packages, the core (what every delivery
 * path stands on) imports no adapter, and the store adapters are reached only through the store interface.
 */
class PackageRulesTest {

    private static final String[] CORE = {"io.akosha.sync.lifecycle..", "io.akosha.sync.redact..",
        "io.akosha.sync.problem..", "io.akosha.sync.digest..", "io.akosha.sync.spool..", "io.akosha.sync.store..", "io.akosha.sync.sync..",
        "io.akosha.sync.compress..", "io.akosha.sync.manifest..", "io.akosha.sync.snapshot..",
        "io.akosha.sync.metrics..", "io.akosha.sync.upload.."};
    private static final String[] ADAPTERS = {"io.akosha.sync.cloud..", "io.akosha.sync.local..",
        "io.akosha.sync.fallback..", "io.akosha.sync.mcp..", "io.akosha.sync.memory.."};
    private static final String[] ABOVE_CORE = {"io.akosha.sync.pipeline..", "io.akosha.sync.ingest..",
        "io.akosha.sync.api..", "io.akosha.sync.app..", "io.akosha.sync.restore..", "io.akosha.sync.dedup..",
        "io.akosha.sync.health..", "io.akosha.sync.audit..", "io.akosha.sync.hook..", "io.akosha.sync.assistant.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.akosha.sync");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.akosha.sync.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void coreImportsNoAdapterAndNothingAboveIt() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .check(main);
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(ABOVE_CORE)
                .check(main);
    }

    @Test
    void storeAdaptersAreReachedOnlyThroughTheStoreInterface() {
        noClasses().that().resideOutsideOfPackages("io.akosha.sync.cloud..", "io.akosha.sync.local..",
                "io.akosha.sync.fallback..", "io.akosha.sync.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.akosha.sync.cloud..", "io.akosha.sync.local..")
                .check(main);
    }

    @Test
    void noMainClassOverThreeHundredLines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> long_ = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > 300)
                    .map(p -> p + " (" + lines(p) + " lines)").toList();
            assertEquals(List.of(), long_);
        }
    }

    private static long lines(Path source) {
        try (Stream<String> lines = Files.lines(source)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
