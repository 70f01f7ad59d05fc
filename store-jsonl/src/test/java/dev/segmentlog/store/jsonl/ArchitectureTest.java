package dev.segmentlog.store.jsonl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.store.jsonl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_adapter_depends_only_on_the_jdk_core_and_spi =
            classes().that().resideInAPackage("dev.segmentlog.store.jsonl..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.store.jsonl..");

    @ArchTest
    static final ArchRule the_adapter_does_not_depend_on_other_adapters_the_kit_or_the_cli =
            noClasses().that().resideInAPackage("dev.segmentlog.store.jsonl..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.segmentlog.store.sqlite..", "dev.segmentlog.store.s3..", "dev.segmentlog.conformance..",
                            "dev.segmentlog.cli..");

    @ArchTest
    static final ArchRule the_adapter_uses_no_internal_package =
            noClasses().that().resideInAPackage("dev.segmentlog.store.jsonl..")
                    .should().dependOnClassesThat().resideInAPackage("..internal..");

    @ArchTest
    static final ArchRule only_the_store_the_provider_and_durability_are_public =
            classes().that().resideInAPackage("dev.segmentlog.store.jsonl..").and().arePublic()
                    .should().haveSimpleName("JsonlSegmentStore")
                    .orShould().haveSimpleName("JsonlStoreProvider")
                    .orShould().haveSimpleName("Durability");

    @ArchTest
    static final ArchRule the_library_never_prints =
            noClasses().that().resideInAPackage("dev.segmentlog.store.jsonl..")
                    .should().accessField(System.class, "out")
                    .orShould().accessField(System.class, "err");
}
