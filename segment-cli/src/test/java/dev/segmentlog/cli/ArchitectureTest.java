package dev.segmentlog.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule cli_reaches_stores_only_through_the_spi = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.segmentlog.store..")
            .because("adapters are found through ServiceLoader by SegmentStores.open(uri)");

    @ArchTest
    static final ArchRule only_main_is_public = classes()
            .that().doNotHaveFullyQualifiedName(Main.class.getName())
            .should().notBePublic();

    @ArchTest
    static final ArchRule only_main_exits_the_jvm = noClasses()
            .that().doNotHaveFullyQualifiedName(Main.class.getName())
            .should().callMethod(System.class, "exit", int.class);
}
