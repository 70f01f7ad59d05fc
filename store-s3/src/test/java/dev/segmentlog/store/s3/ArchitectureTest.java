package dev.segmentlog.store.s3;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The adapter's dependency rules (docs/ARCHITECTURE.md, modules and the dependency rule). */
@AnalyzeClasses(packages = "dev.segmentlog.store.s3", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule s3_adapter_depends_only_on_the_jdk_core_spi_aws_sdk_and_caffeine = classes()
            .that().resideInAPackage("dev.segmentlog.store.s3..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "software.amazon.awssdk..",
                    "com.github.benmanes.caffeine..", "dev.segmentlog.store.s3..");

    @ArchTest
    static final ArchRule only_the_store_the_provider_and_the_options_are_public = classes()
            .that().resideInAPackage("dev.segmentlog.store.s3..").and().arePublic()
            .should().haveSimpleNameStartingWith("S3SegmentStore")
            .orShould().haveSimpleName("S3StoreProvider")
            .orShould().haveSimpleName("S3StoreOptions");

    @ArchTest
    static final ArchRule the_adapter_never_uses_internal_packages_of_other_modules = classes()
            .that().resideInAPackage("dev.segmentlog.store.s3..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("..internal..", "dev.segmentlog.store.jsonl..",
                    "dev.segmentlog.store.sqlite..", "dev.segmentlog.conformance..");
}
