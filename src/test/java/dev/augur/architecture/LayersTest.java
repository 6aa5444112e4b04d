package dev.augur.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers of the developers' guide, lowest first, enforced on the main classes: a
 * package uses only its own layer and those below, and no two packages depend on each other.
 * Within a layer packages may use each other (score uses explain), never in a circle.
 * No exception: the node verticle reads its JSON config through {@code pipeline.NodeRunReader},
 * which the command line implements and registers as a service.
 */
class LayersTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.augur");
    }

    @Test
    void packagesUseOnlyTheirLayerAndTheLayersBelow() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.augur..")
            .layer("Base").definedBy("dev.augur", "dev.augur.io..", "dev.augur.text..", "dev.augur.random..",
                "dev.augur.nativelib..", "dev.augur.runfolder..")
            .layer("Sources").definedBy("dev.augur.cache..", "dev.augur.tokenizer..", "dev.augur.llm..")
            .layer("Construction").definedBy("dev.augur.construct..", "dev.augur.sample..", "dev.augur.embed..",
                "dev.augur.neighbours..")
            .layer("Domain").definedBy("dev.augur.record..", "dev.augur.explain..", "dev.augur.score..",
                "dev.augur.metrics..", "dev.augur.report..", "dev.augur.demo..", "dev.augur.prompt..")
            .layer("Run").definedBy("dev.augur.run..", "dev.augur.serve..", "dev.augur.config..")
            .layer("Pipeline").definedBy("dev.augur.pipeline..")
            .layer("Entry").definedBy("dev.augur.api..", "dev.augur.cli..")
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Run").mayOnlyBeAccessedByLayers("Pipeline", "Entry")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("Run", "Pipeline", "Entry")
            .whereLayer("Construction").mayOnlyBeAccessedByLayers("Domain", "Run", "Pipeline", "Entry")
            .whereLayer("Sources").mayOnlyBeAccessedByLayers("Construction", "Domain", "Run", "Pipeline", "Entry")
            .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.augur.(*)..").should().beFreeOfCycles()
            .check(main);
    }
}
