package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import java.lang.reflect.Method;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit's own shape: stable clause ids, each failed by a broken store, and fixtures that cover the whole model. */
class KitStructureTest {

    @Test
    void everyClause_hasAUniqueStableIdInItsDisplayNameAndMethodName() {
        List<String> ids = clauseIds();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "clause ids are unique: " + ids);
        assertTrue(ids.size() >= 90, "clauses: " + ids.size());
    }

    @Test
    void everyClause_isFailedByABrokenStoreOfTheSelfTest() {
        Set<String> caught = KitCatchesBrokenStoresTest.brokenStores().map(row -> (String) row.get()[1]).collect(Collectors.toSet());
        List<String> uncaught = clauseIds().stream().filter(id -> !caught.contains(id)).sorted().toList();
        assertEquals(List.of(), uncaught, "clauses that no broken store in KitCatchesBrokenStoresTest fails: a clause that"
                + " cannot fail proves nothing; add a broken store that it catches");
    }

    @Test
    void everyClause_isListedInTheKitsReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md")); // Surefire runs in the module's directory
        List<String> unlisted = clauseIds().stream().filter(id -> !readme.contains("`" + id + "` ")).sorted().toList();
        assertEquals(List.of(), unlisted, "clauses missing from conformance-tests/README.md, which authors outside the repository read");
    }

    /** Every clause id of the kit, checking that its display name and its method name start with it. */
    private static List<String> clauseIds() {
        List<String> ids = new ArrayList<>();
        for (Class<?> group : SegmentStoreConformanceTest.class.getDeclaredClasses()) {
            if (!group.isAnnotationPresent(Nested.class)) {
                continue;
            }
            assertTrue(group.isAnnotationPresent(DisplayName.class), group + " has a @DisplayName");
            for (Method method : KitRun.clausesOf(group)) {
                DisplayName name = method.getAnnotation(DisplayName.class);
                assertTrue(name != null && name.value().matches("\\[C-[A-Z][A-Z0-9]*-\\d{2}] \\S.*"),
                        method + " needs a display name starting with its clause id, like [C-APPEND-03]");
                String id = KitRun.clauseId(name.value());
                // Surefire reports show method names, not display names: the id must be in both
                assertTrue(method.getName().startsWith(id.replace('-', '_') + "_"),
                        method + " needs a name starting with its clause id, like " + id.replace('-', '_') + "_whatItChecks");
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void everyCapability_isNeededByAClause_andEveryChainClauseNeedsHashChain() {
        Map<String, Set<Capability>> needs = KitGuardTest.capabilitiesByClause();
        Set<Capability> needed = needs.values().stream().flatMap(Set::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
        assertEquals(EnumSet.allOf(Capability.class), needed, "a capability no clause needs is dead weight");
        List<String> chainClauses = needs.keySet().stream().filter(id -> id.startsWith("C-CHAIN-")).toList();
        assertTrue(chainClauses.size() >= 10, "chain clauses: " + chainClauses);
        for (String clause : chainClauses) {
            assertTrue(needs.get(clause).contains(Capability.HASH_CHAIN), clause + " needs HASH_CHAIN");
        }
    }

    @Test
    void everyNestedGroup_isAnnotatedNested() {
        for (Class<?> group : SegmentStoreConformanceTest.class.getDeclaredClasses()) {
            boolean hasClauses = !KitRun.clausesOf(group).isEmpty();
            assertEquals(hasClauses, group.isAnnotationPresent(Nested.class), group + ": clauses only in @Nested groups");
        }
    }

    @Test
    void everyClauseFile_isTheBaseOfExactlyOneGroup() throws URISyntaxException {
        Path kitClasses = Path.of(Clauses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> clauseFiles = new ClassFileImporter().importPath(kitClasses).stream()
                .filter(type -> type.getRawSuperclass().map(base -> base.isEquivalentTo(Clauses.class)).orElse(false))
                .map(JavaClass::reflect).collect(Collectors.toSet());
        List<Class<?>> bases = Arrays.stream(SegmentStoreConformanceTest.class.getDeclaredClasses())
                .filter(group -> group.isAnnotationPresent(Nested.class)).map(Class::getSuperclass).collect(Collectors.toList());
        assertTrue(clauseFiles.size() >= 20, "clause files: " + clauseFiles);
        assertEquals(clauseFiles, new HashSet<>(bases), "the kit's groups and its clause files");
        assertEquals(bases.size(), new HashSet<>(bases).size(), "each clause file runs in one group only: " + bases);
    }

    @Test
    void fixtures_coverEveryEntryKindAndEveryVariant() {
        Fixtures fx = new Fixtures();
        List<LogEntry> entries = new ArrayList<>(List.of(fx.start(SessionId.generate())));
        entries.addAll(fx.everyKindAfterStart());
        assertEquals(EnumSet.allOf(EntryKind.class),
                entries.stream().map(LogEntry::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(EntryKind.class))));
        assertCovers(HistoryItem.class, Fixtures.everyHistoryItem());
        assertCovers(InputPart.class, Fixtures.everyInputPart());
        assertCovers(SystemItem.class, Fixtures.everySystemItem());
        assertCovers(HistoryItem.Content.class, Fixtures.everyHistoryItem().stream()
                .filter(HistoryItem.Message.class::isInstance).flatMap(m -> ((HistoryItem.Message) m).content().stream()).toList());
        assertCovers(HistoryItem.Attachment.class, Fixtures.everyHistoryItem().stream()
                .filter(HistoryItem.ToolResult.class::isInstance).flatMap(r -> ((HistoryItem.ToolResult) r).attachments().stream()).toList());
        assertCovers(LogEntry.class, entries);
    }

    private static void assertCovers(Class<?> sealed, List<?> values) {
        Set<Class<?>> permitted = Set.of(sealed.getPermittedSubclasses());
        Set<Class<?>> covered = values.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(permitted, covered, "fixtures must hold every variant of " + sealed.getSimpleName());
    }
}
