package dev.segmentlog.store.sqlite;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.store.sqlite", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_adapter_depends_only_on_the_jdk_core_spi_jdbi_and_the_driver =
            classes().that().resideInAPackage("dev.segmentlog.store.sqlite..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "org.jdbi..", "org.sqlite..",
                            "dev.segmentlog.store.sqlite..");

    @ArchTest
    static final ArchRule the_adapter_does_not_depend_on_other_adapters_or_the_kit =
            noClasses().that().resideInAPackage("dev.segmentlog.store.sqlite..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.segmentlog.store.jsonl..", "dev.segmentlog.store.s3..", "dev.segmentlog.conformance..",
                            "dev.segmentlog.cli..");

    @ArchTest
    static final ArchRule the_adapter_uses_no_internal_package_of_another_module =
            noClasses().that().resideInAPackage("dev.segmentlog.store.sqlite..")
                    .should().dependOnClassesThat().resideInAPackage("..internal..");

    @ArchTest
    static final ArchRule only_the_store_the_provider_and_durability_are_public =
            classes().that().resideInAPackage("dev.segmentlog.store.sqlite..").and().arePublic()
                    .should().haveSimpleName("SqliteSegmentStore")
                    .orShould().haveSimpleName("SqliteStoreProvider")
                    .orShould().haveSimpleName("Durability");
}
