package dev.segmentlog.integration.langchain4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.integration.langchain4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_integration_depends_only_on_the_jdk_core_the_port_the_operations_the_chat_engine_and_langchain4js_memory_api =
            classes().that().resideInAPackage("dev.segmentlog.integration.langchain4j..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.log..", "dev.segmentlog.integration.chat..",
                            "dev.langchain4j.data.message..", "dev.langchain4j.agent.tool..",
                            "dev.langchain4j.store.memory.chat..", "dev.segmentlog.integration.langchain4j..");

    @ArchTest
    static final ArchRule only_the_store_and_its_builder_are_public =
            classes().that().resideInAPackage("dev.segmentlog.integration.langchain4j..").and().arePublic()
                    .should().haveSimpleName("SegmentlogChatMemoryStore")
                    .orShould().haveSimpleName("Builder");
}
