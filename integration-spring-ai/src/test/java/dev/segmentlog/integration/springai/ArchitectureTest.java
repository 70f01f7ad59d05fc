package dev.segmentlog.integration.springai;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.integration.springai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_integration_depends_only_on_the_jdk_core_the_port_the_operations_the_chat_engine_and_spring_ais_chat_api =
            classes().that().resideInAPackage("dev.segmentlog.integration.springai..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.log..", "dev.segmentlog.integration.chat..",
                            "org.springframework.ai.chat.memory..", "org.springframework.ai.chat.messages..",
                            "dev.segmentlog.integration.springai..");

    @ArchTest
    static final ArchRule only_the_repository_and_its_builder_are_public =
            classes().that().resideInAPackage("dev.segmentlog.integration.springai..").and().arePublic()
                    .should().haveSimpleName("SegmentlogChatMemoryRepository")
                    .orShould().haveSimpleName("Builder");
}
