package dev.segmentlog.store.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.segmentlog.conformance.AdapterArchitectureRules;

@AnalyzeClasses(packages = "dev.segmentlog.store.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_adapter_follows_the_rules_of_every_segmentlog_adapter =
            AdapterArchitectureRules.all("dev.segmentlog.store.postgres");

    @ArchTest
    static final ArchRule the_adapter_depends_only_on_the_jdk_core_spi_the_driver_and_the_pool =
            classes().that().resideInAPackage("dev.segmentlog.store.postgres..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "javax.sql..", "dev.segmentlog.core..", "dev.segmentlog.spi..",
                            "org.postgresql..", "com.zaxxer.hikari..", "dev.segmentlog.store.postgres..");

    @ArchTest
    static final ArchRule only_the_store_the_provider_and_the_options_are_public =
            classes().that().resideInAPackage("dev.segmentlog.store.postgres..").and().arePublic()
                    .should().haveSimpleName("PostgresSegmentStore")
                    .orShould().haveSimpleName("PostgresStoreProvider")
                    .orShould().haveSimpleName("PostgresOptions");
}
