package dev.tradelake.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module structure as rules that fail the build: the launcher's test classpath holds the main code
 * of every module, so the rules see all of it (test code and the modules' test-jars are left out).
 */
class ArchitectureTest {

    private static final String MODEL = "dev.tradelake.model..";
    private static final String INGEST = "dev.tradelake.ingest..";
    private static final String LAMBDA = "dev.tradelake.lambda..";
    private static final String FLINK = "dev.tradelake.flink..";
    private static final String LOCAL = "dev.tradelake.local..";
    private static final String LAUNCHER = "dev.tradelake.launcher..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("dev.tradelake");

    @Test
    void theMainCodeOfEveryModuleIsSeen() {
        for (String type : new String[] {
            "dev.tradelake.model.Trade",
            "dev.tradelake.ingest.IngestMain",
            "dev.tradelake.lambda.TradeStorageHandler",
            "dev.tradelake.flink.BarsJob",
            "dev.tradelake.local.aws.LocalAws",
            "dev.tradelake.launcher.Datalake"
        }) {
            if (!MAIN.contain(type)) {
                throw new AssertionError("not imported, the rules below would pass vacuously: " + type);
            }
        }
    }

    @Test
    void modelDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage(MODEL)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, LAMBDA, FLINK, LOCAL, LAUNCHER)
                .check(MAIN);
    }

    @Test
    void theDeployablesNeverDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage(INGEST)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(LAMBDA, FLINK, LOCAL, LAUNCHER)
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage(LAMBDA)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, FLINK, LOCAL, LAUNCHER)
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage(FLINK)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, LAMBDA, LOCAL, LAUNCHER)
                .check(MAIN);
    }

    @Test
    void localServicesStandInForTheRemoteServicesOnly() {
        noClasses()
                .that()
                .resideInAPackage(LOCAL)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, LAMBDA, FLINK, LAUNCHER)
                .check(MAIN);
    }

    @Test
    void mainCodeHoldsNoBenchmarksNorTestFixtures() {
        noClasses()
                .should()
                .resideInAnyPackage("..bench..", "..testing..")
                .because("benchmarks live in the benchmarks module and fixtures in test-jars")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAnyPackage(INGEST, LAMBDA, FLINK)
                .should()
                .resideInAnyPackage("dev.tradelake.*.local..")
                .check(MAIN);
    }

    @Test
    void mainCodeNeverUsesTestLibraries() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.assertj..", "org.openjdk.jmh..", "com.tngtech.archunit..")
                .check(MAIN);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.tradelake.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
