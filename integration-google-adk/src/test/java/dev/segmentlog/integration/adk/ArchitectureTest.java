package dev.segmentlog.integration.adk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.integration.adk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_integration_depends_only_on_the_jdk_the_port_the_operations_and_adk =
            classes().that().resideInAPackage("dev.segmentlog.integration.adk..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.log..", "dev.segmentlog.integration.adk..",
                            "com.google.adk..", "io.reactivex.rxjava3..",
                            // ADK's own JSON mapper, so events are stored exactly as ADK writes them
                            "com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule the_integration_uses_no_store_adapter_nor_the_kit =
            noClasses().that().resideInAPackage("dev.segmentlog.integration.adk..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.segmentlog.store..", "dev.segmentlog.conformance..", "dev.segmentlog.cli..", "..internal..");

    @ArchTest
    static final ArchRule only_the_session_service_is_public =
            classes().that().resideInAPackage("dev.segmentlog.integration.adk..").and().arePublic()
                    .should().haveSimpleName("SegmentlogSessionService");
}
