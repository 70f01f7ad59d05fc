package dev.segmentlog.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule core_depends_only_on_the_jdk = classes()
            .that().resideInAPackage("dev.segmentlog.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.segmentlog.core..")
            .because("segment-core has zero dependencies: no Jackson, no annotations, no logging library");
}
