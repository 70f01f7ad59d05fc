package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AdapterArchitectureRulesTest {
    private static final String SAMPLE = "dev.segmentlog.store.sample";
    private static final String ROGUE = "dev.segmentlog.store.rogue";
    private static final String ACME = "com.acme.redis";

    private static final List<Function<String, ArchRule>> RULES = List.of(
            AdapterArchitectureRules::adapterDoesNotUseInternalPackagesOfSegmentlog,
            AdapterArchitectureRules::adapterDoesNotDependOnOtherAdapters,
            AdapterArchitectureRules::adapterDoesNotDependOnTheConformanceKit,
            AdapterArchitectureRules::adapterUsesOnlyTheCoreAndSpiOfSegmentlog,
            AdapterArchitectureRules::all);

    @Test
    void compliantAdapters_passEveryRule() {
        for (String adapter : List.of(SAMPLE, ACME)) {
            JavaClasses classes = new ClassFileImporter().importPackages(adapter);
            for (Function<String, ArchRule> rule : RULES) {
                EvaluationResult result = rule.apply(adapter).evaluate(classes);
                assertFalse(result.hasViolation(), adapter + ": " + result.getFailureReport());
            }
            assertDoesNotThrow(() -> AdapterArchitectureRules.check(classes, adapter));
        }
    }

    @Test
    void rogueAdapter_breaksEachRule_namingTheDependency() {
        JavaClasses classes = new ClassFileImporter().importPackages(ROGUE);
        assertViolation(AdapterArchitectureRules.adapterDoesNotUseInternalPackagesOfSegmentlog(ROGUE), classes,
                "dev.segmentlog.spi.internal.SpiSecret");
        assertViolation(AdapterArchitectureRules.adapterDoesNotDependOnOtherAdapters(ROGUE), classes,
                "dev.segmentlog.store.other.OtherAdapterFiles");
        assertViolation(AdapterArchitectureRules.adapterDoesNotDependOnTheConformanceKit(ROGUE), classes,
                "dev.segmentlog.conformance.Capability");
        assertViolation(AdapterArchitectureRules.adapterUsesOnlyTheCoreAndSpiOfSegmentlog(ROGUE), classes,
                "dev.segmentlog.conformance.Capability");
        AssertionError error = assertThrows(AssertionError.class, () -> AdapterArchitectureRules.check(classes, ROGUE));
        assertTrue(error.getMessage().contains("OtherAdapterFiles"), error.getMessage());
    }

    @Test
    void aMisspeltPackage_failsInsteadOfPassingEmpty() {
        JavaClasses none = new ClassFileImporter().importPackages("dev.segmentlog.store.nosuchadapter");
        assertThrows(AssertionError.class, () -> AdapterArchitectureRules.check(none, "dev.segmentlog.store.nosuchadapter"));
        assertThrows(AssertionError.class, () -> AdapterArchitectureRules.check("dev.segmentlog.store.nosuchadapter"));
    }

    @Test
    void packagesThatAreNotAnAdapter_areRefused() {
        for (String notAnAdapter : List.of("dev", "dev.segmentlog", "dev.segmentlog.store", "dev.segmentlog.spi",
                "dev.segmentlog.core.x", "dev.segmentlog.conformance", "not a package", "")) {
            assertThrows(IllegalArgumentException.class, () -> AdapterArchitectureRules.all(notAnAdapter), notAnAdapter);
        }
    }

    private static void assertViolation(ArchRule rule, JavaClasses classes, String target) {
        EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), rule.getDescription() + " must be violated");
        assertTrue(result.getFailureReport().toString().contains(target),
                rule.getDescription() + " must name " + target + ": " + result.getFailureReport());
    }
}
