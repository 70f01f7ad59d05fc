package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Capability skipping says which capability, and a run where no mandatory clause executes fails. */
class KitGuardTest {

    @Test
    void kitWhoseEveryClauseIsSkipped_failsTheRun() {
        KitRun run = KitRun.of(SampleKits.LacksEverythingAndCannotOpen.class);

        assertEquals(List.of(), run.succeeded(), run.describe());
        assertEquals(List.of(), run.failed(), "clauses are skipped, not failed; " + run.describe());
        assertFalse(run.aborted().isEmpty(), run.describe());
        assertEquals(1, run.failedContainers.size(), "the kit's class must fail; " + run.describe());
        String message = run.failedContainers.values().iterator().next();
        assertTrue(message.startsWith("no mandatory conformance clause executed: 0 of "), message);
        assertTrue(message.contains("the test backend is not reachable"), "names the first reason: " + message);
    }

    @Test
    void kitLackingEveryCapability_runsEveryMandatoryClause_andSkipsTheRestNamingTheCapability() {
        KitRun run = KitRun.of(SampleKits.LacksEverything.class);

        assertEquals(List.of(), run.failed(), run.describe());
        assertEquals(Map.of(), run.failedContainers, run.describe());
        Map<String, Set<Capability>> needs = capabilitiesByClause();
        assertEquals(needs.keySet().stream().filter(id -> !needs.get(id).isEmpty()).sorted().toList(), run.aborted(),
                "exactly the clauses that need a capability are skipped");
        assertEquals(needs.keySet().stream().filter(id -> needs.get(id).isEmpty()).sorted().toList(), run.succeeded(),
                "every mandatory clause runs");
        for (String clause : run.aborted()) {
            String reason = run.reason(clause).orElse("");
            assertTrue(needs.get(clause).stream().anyMatch(c -> reason.contains("capability " + c.name())),
                    clause + " was skipped with '" + reason + "', which does not name " + needs.get(clause));
        }
    }

    @Test
    void kitWithoutReopen_skipsDurabilityNamingTheCapabilityAndWhy() {
        KitRun run = KitRun.of(SampleKits.WithoutReopen.class, SegmentStoreConformanceTest.Durability.class);

        assertEquals(List.of("C-DURABLE-01", "C-DURABLE-02"), run.aborted(), run.describe());
        for (String clause : run.aborted()) {
            String reason = run.reason(clause).orElse("");
            assertTrue(reason.contains("DURABILITY_ON_REOPEN") && reason.contains("does not override reopen"), reason);
        }
        assertEquals(Map.of(), run.failedContainers, "a group of optional clauses alone is no failure; " + run.describe());
    }

    @Test
    void kitWithoutASecondInstance_skipsTheMultiInstanceClausesNamingTheCapabilityAndWhy() {
        KitRun run = KitRun.of(SampleKits.WithoutReopen.class, SegmentStoreConformanceTest.MultiInstance.class);

        assertEquals(capabilitiesByClause().keySet().stream().filter(id -> id.startsWith("C-MULTI-")).sorted().toList(), run.aborted(),
                run.describe());
        for (String clause : run.aborted()) {
            String reason = run.reason(clause).orElse("");
            assertTrue(reason.contains("capability SECOND_INSTANCE") && reason.contains("does not override openSecondStore"), reason);
        }
        assertEquals(Map.of(), run.failedContainers, run.describe());
    }

    @Test
    void storeForgettingToDeclareTrace_failsOneClauseNamingTheCapabilityToDeclare_andSkipsTheOthersPointingAtIt() {
        KitRun run = KitRun.of(SampleKits.ForgetsToDeclareTrace.class);

        assertEquals(1, run.failed().size(), "one failure, not one per clause; " + run.describe());
        String failed = run.failed().get(0);
        String message = run.reason(failed).orElse("");
        assertTrue(message.startsWith("[" + failed + "] the store threw java.lang.UnsupportedOperationException: this store keeps no trace"),
                message);
        assertTrue(message.contains("it lacks capability TRACE but does not declare it")
                && message.contains("return Set.of(Capability.TRACE);"), message);
        Map<String, Set<Capability>> needs = capabilitiesByClause();
        List<String> usingTrace = new ArrayList<>(needs.keySet().stream().filter(id -> needs.get(id).contains(Capability.TRACE)).toList());
        usingTrace.addAll(List.of("C-ISO-02", "C-ERR-01", "C-DURABLE-01")); // mandatory clauses that trace when the store can
        usingTrace.remove(failed);
        for (String clause : usingTrace) {
            assertTrue(run.aborted().contains(clause), clause + " must be skipped; " + run.describe());
            assertTrue(run.reason(clause).orElse("").contains("lacks capability TRACE without declaring it")
                    && run.reason(clause).orElse("").contains("see the failure of [" + failed + "]"), clause + ": " + run.reason(clause));
        }
        assertEquals(Map.of(), run.failedContainers, run.describe());
    }

    @Test
    void failingClauseNeedingACapability_saysWhichToDeclare() {
        KitRun run = KitRun.of(SampleKits.SmallEntriesOnly.class, SegmentStoreConformanceTest.CreateAndRead.class);

        String message = run.reason("C-CREATE-05").orElse("");
        assertTrue(run.failed().contains("C-CREATE-05"), run.describe());
        assertTrue(message.startsWith("[C-CREATE-05] the store threw dev.segmentlog.spi.InvalidEntryException"), message);
        assertTrue(message.endsWith("(this clause needs capability LARGE_ENTRIES: a store that lacks it lists it in unsupported())"), message);
    }

    @Test
    void storeDeclaringItsSmallItems_isSkippedNotFailed() {
        KitRun run = KitRun.of(SampleKits.SmallEntriesDeclared.class, SegmentStoreConformanceTest.CreateAndRead.class);

        assertEquals(List.of(), run.failed(), run.describe());
        assertEquals(List.of("C-CREATE-05"), run.aborted(), run.describe());
        assertTrue(run.reason("C-CREATE-05").orElse("").contains("capability LARGE_ENTRIES"), run.describe());
    }

    @Test
    void storeDeclaringHashChainUnsupported_getsTheChainClausesSkippedNamingHashChain() {
        KitRun run = KitRun.of(SampleKits.WithoutHashChainDeclared.class, SegmentStoreConformanceTest.HashChained.class);

        Map<String, Set<Capability>> needs = capabilitiesByClause();
        List<String> chainClauses = needs.keySet().stream()
                .filter(id -> id.startsWith("C-CHAIN-") && needs.get(id).contains(Capability.HASH_CHAIN)).sorted().toList();
        assertTrue(chainClauses.size() >= 10, "chain clauses: " + chainClauses);
        assertEquals(chainClauses, run.aborted(), run.describe());
        assertEquals(List.of(), run.failed(), run.describe());
        for (String clause : run.aborted()) {
            assertTrue(run.reason(clause).orElse("").contains("capability HASH_CHAIN"), clause + ": " + run.reason(clause));
        }
        assertEquals(Map.of(), run.failedContainers, "a group of optional clauses alone is no failure; " + run.describe());
    }

    @Test
    void storeWithoutHashChain_declaringIt_passesEveryOtherClause() {
        KitRun run = KitRun.of(SampleKits.WithoutHashChainDeclared.class);

        assertEquals(List.of(), run.failed(), run.describe());
        assertEquals(Map.of(), run.failedContainers, run.describe());
        Map<String, Set<Capability>> needs = capabilitiesByClause();
        Set<Capability> hooksNotOverridden = EnumSet.of(Capability.READ_ONLY, Capability.RAW_STORAGE_ACCESS, Capability.TORN_CREATE);
        assertEquals(needs.keySet().stream().filter(id -> needs.get(id).contains(Capability.HASH_CHAIN)
                        || needs.get(id).stream().anyMatch(hooksNotOverridden::contains)).sorted().toList(),
                run.aborted(), "exactly the chain clauses, and those of the hooks the kit does not override, are skipped");
    }

    @Test
    void clauseNeedingTwoLackingCapabilities_isSkippedNamingBoth() {
        KitRun run = KitRun.of(SampleKits.WithoutReopenNorHashChain.class, SegmentStoreConformanceTest.HashChained.class);

        String reason = run.reason("C-CHAIN-11").orElse("");
        assertTrue(reason.contains("capability DURABILITY_ON_REOPEN") && reason.contains("capability HASH_CHAIN"),
                "C-CHAIN-11 needs both and lacks both: " + reason);
    }

    @Test
    void storeWithEveryHook_passesTheClausesBeneathTheStore() {
        for (Class<?> group : List.of(SegmentStoreConformanceTest.ReadOnlyStores.class, SegmentStoreConformanceTest.AlteredBytes.class,
                SegmentStoreConformanceTest.TornCreates.class)) {
            KitRun run = KitRun.of(RawStorageKits.RawKit.class, group);

            assertEquals(List.of(), run.failed(), group.getSimpleName() + ": " + run.describe());
            assertEquals(List.of(), run.aborted(), group.getSimpleName() + ": " + run.describe());
            assertEquals(KitRun.clausesOf(group).size(), run.succeeded().size(), group.getSimpleName() + ": " + run.describe());
        }
    }

    @Test
    void kitWithoutTheHooksBeneathTheStore_skipsTheirClausesNamingTheHookToOverride() {
        KitRun run = KitRun.of(SampleKits.WithoutReopen.class, SegmentStoreConformanceTest.AlteredBytes.class);

        assertEquals(List.of("C-CORRUPT-01", "C-CORRUPT-02", "C-UTF8-01", "C-UTF8-02"), run.aborted(), run.describe());
        String reason = run.reason("C-UTF8-01").orElse("");
        assertTrue(reason.contains("capability RAW_STORAGE_ACCESS")
                && reason.contains("does not override corruptStoredEntry nor storageSnapshot"), reason);
        KitRun readOnly = KitRun.of(SampleKits.WithoutReopen.class, SegmentStoreConformanceTest.ReadOnlyStores.class);
        assertTrue(readOnly.reason("C-RO-01").orElse("").contains("capability READ_ONLY"), readOnly.describe());
        KitRun torn = KitRun.of(SampleKits.WithoutReopen.class, SegmentStoreConformanceTest.TornCreates.class);
        assertTrue(torn.reason("C-TORN-01").orElse("").contains("does not override leaveTornCreate"), torn.describe());
    }

    /** Clause id to the capabilities it needs, from the kit's annotations. */
    static Map<String, Set<Capability>> capabilitiesByClause() {
        Map<String, Set<Capability>> needs = new HashMap<>();
        for (Class<?> group : SegmentStoreConformanceTest.class.getDeclaredClasses()) {
            Set<Capability> groupNeeds = EnumSet.noneOf(Capability.class);
            if (group.isAnnotationPresent(RequiresCapability.class)) {
                groupNeeds.addAll(List.of(group.getAnnotation(RequiresCapability.class).value()));
            }
            for (Method method : KitRun.clausesOf(group)) {
                DisplayName name = method.getAnnotation(DisplayName.class);
                Set<Capability> clauseNeeds = EnumSet.noneOf(Capability.class);
                clauseNeeds.addAll(groupNeeds);
                if (method.isAnnotationPresent(RequiresCapability.class)) {
                    clauseNeeds.addAll(List.of(method.getAnnotation(RequiresCapability.class).value()));
                }
                needs.put(KitRun.clauseId(name.value()), clauseNeeds);
            }
        }
        return needs;
    }
}
