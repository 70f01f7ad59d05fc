package dev.segmentlog.integration.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.segmentlog.integration.chat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_engine_depends_only_on_the_jdk_core_the_port_the_operations_and_jackson_core_never_on_a_framework =
            classes().that().resideInAPackage("dev.segmentlog.integration.chat..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.log..", "tools.jackson.core..",
                            "dev.segmentlog.integration.chat..");

    @ArchTest
    static final ArchRule only_the_log_the_codec_and_decoded_messages_are_public =
            classes().that().resideInAPackage("dev.segmentlog.integration.chat..").and().arePublic()
                    .should().haveSimpleName("ConversationLog")
                    .orShould().haveSimpleName("MessageCodec")
                    .orShould().haveSimpleName("Decoded");
}
