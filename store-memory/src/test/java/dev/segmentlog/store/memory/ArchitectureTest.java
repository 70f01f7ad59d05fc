package dev.segmentlog.store.memory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.store.memory", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_store_depends_only_on_the_jdk_core_and_spi =
            classes().that().resideInAPackage("dev.segmentlog.store.memory..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.store.memory..");

    @ArchTest
    static final ArchRule the_store_uses_no_internal_package =
            noClasses().that().resideInAPackage("dev.segmentlog.store.memory..")
                    .should().dependOnClassesThat().resideInAPackage("..internal..");

    @ArchTest
    static final ArchRule only_the_store_and_its_provider_are_public =
            classes().that().resideInAPackage("dev.segmentlog.store.memory..").and().arePublic()
                    .should().haveSimpleName("InMemorySegmentStore")
                    .orShould().haveSimpleName("InMemorySegmentStoreProvider");

    @ArchTest
    static final ArchRule the_library_never_prints =
            noClasses().that().resideInAPackage("dev.segmentlog.store.memory..")
                    .should().accessField(System.class, "out")
                    .orShould().accessField(System.class, "err");
}
