package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The clauses of the group "stored bytes altered beneath the store"
 * ({@link SegmentStoreConformanceTest.AlteredBytes}): the test class writes bytes in place of an
 * entry's stored form, as a disk error, a hostile edit or another program would, and the store is
 * opened again on them. Two different byte strings must never read as the same log: what is not a
 * well-formed entry in well-formed UTF-8 is {@link CorruptDataException} naming the segment and the
 * position, never other text, never skipped, and never repaired away.
 */
abstract class AlteredBytesClauses extends Clauses {
    private static final EntryCodec CODEC = EntryCodec.standard();
    /** Where a probe's text is altered: ASCII that occurs nowhere else in its line. */
    private static final String PLACE = "@@@@";
    /** The position of the probe in its segment: after an entry, before another. */
    private static final long PROBE = 2;

    AlteredBytesClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    /** Sequences that are not UTF-8 (Unicode Table 3-7), some of which lenient decoders turn into other text. */
    private static final List<Sample> ILL_FORMED = List.of(
            new Sample("C0 80, an overlong U+0000", "C080"),
            new Sample("C1 BF, an overlong U+007F", "C1BF"),
            new Sample("E0 80 AF, an overlong '/'", "E080AF"),
            new Sample("F0 80 80 AF, an overlong '/'", "F08080AF"),
            new Sample("ED A0 80, the surrogate U+D800 (CESU-8)", "EDA080"),
            new Sample("ED BF BF, the surrogate U+DFFF", "EDBFBF"),
            new Sample("F4 90 80 80, above U+10FFFF", "F4908080"),
            new Sample("F5 80 80 80, a byte that never starts a sequence", "F5808080"),
            new Sample("FF", "FF"),
            new Sample("80, a continuation byte alone", "80"),
            new Sample("E2 82, a sequence cut short", "E282"),
            new Sample("F0 9F 98, an emoji cut short", "F09F98"));

    /** The first and last code points of each length and range: well-formed, so read back as the text they encode. */
    private static final List<Sample> BOUNDARIES = List.of(
            new Sample("U+0080", "C280"),
            new Sample("U+07FF", "DFBF"),
            new Sample("U+0800", "E0A080"),
            new Sample("U+D7FF", "ED9FBF"),
            new Sample("U+E000", "EE8080"),
            new Sample("U+FFFD", "EFBFBD"),
            new Sample("U+FFFF", "EFBFBF"),
            new Sample("U+10000", "F0908080"),
            new Sample("U+10FFFF", "F48FBFBF"));

    /** Changes that leave well-formed UTF-8 but no valid entry (and one NUL, which some storage cannot hold). */
    private static final List<Alteration> NOT_AN_ENTRY = List.of(
            new Alteration("the line cut in half", true, line -> Arrays.copyOf(line, line.length / 2)),
            new Alteration("no JSON", true, line -> ascii("not json at all")),
            new Alteration("an empty object", true, line -> ascii("{}")),
            new Alteration("a JSON array", true, line -> ascii("[1,2]")),
            new Alteration("the text replaced by a number", true, line -> replace(line, quoted(), ascii("12345"))),
            new Alteration("a second object after the entry", true, line -> concat(line, ascii("{}"))),
            new Alteration("a NUL byte inside the text", false, line -> replace(line, ascii(PLACE), new byte[] {0})));

    @Test
    @DisplayName("[C-UTF8-01] an entry whose stored bytes hold ill-formed UTF-8 (overlong forms, surrogates, above U+10FFFF, stray and cut-short sequences) is read as CorruptDataException naming the segment and its position, by every read whose page holds it")
    void C_UTF8_01_illFormedUtf8IsCorruptData() {
        List<Probe> probes = new ArrayList<>();
        for (Sample sample : ILL_FORMED) {
            probes.add(probe(sample.name(), line -> replace(line, ascii(PLACE), sample.bytes())));
        }
        List<Boolean> stored = rewrite(probes);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            if (stored.get(i)) { // bytes the storage cannot hold can never be read
                checks.add(corruptEverywhere(probes.get(i)));
            }
        }
        assertAll(checks);
    }

    @Test
    @DisplayName("[C-UTF8-02] an entry whose stored bytes hold well-formed UTF-8 at the edges of each range (U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+FFFF, U+10000, U+10FFFF) is read back as exactly the text they encode")
    void C_UTF8_02_boundaryCodePointsAreText() {
        List<Probe> probes = new ArrayList<>();
        for (Sample sample : BOUNDARIES) {
            probes.add(probe(sample.name(), line -> replace(line, ascii(PLACE), sample.bytes())));
        }
        List<Boolean> stored = rewrite(probes);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            boolean held = stored.get(i);
            String text = new String(BOUNDARIES.get(i).bytes(), StandardCharsets.UTF_8);
            List<LogEntry> expected = new ArrayList<>(probe.written());
            expected.set((int) PROBE, probeEntry(probe.written().get((int) PROBE).ts(), text));
            checks.add(() -> assertTrue(held, "corruptStoredEntry must store well-formed UTF-8 (" + probe.name() + ")"));
            checks.add(() -> assertEntries(expected, store().readAll(probe.segment()), probe.name() + " written beneath the store"));
        }
        assertAll(checks);
    }

    @Test
    @DisplayName("[C-CORRUPT-01] an entry whose stored bytes are no valid entry (cut in half, no JSON, an empty object, an array, a wrong type, trailing data, a NUL) is read as CorruptDataException naming the segment and its position, never skipped")
    void C_CORRUPT_01_bytesThatAreNoEntryAreCorruptData() {
        List<Probe> probes = new ArrayList<>();
        for (Alteration alteration : NOT_AN_ENTRY) {
            probes.add(probe(alteration.name(), alteration.change()));
        }
        List<Boolean> stored = rewrite(probes);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Alteration alteration = NOT_AN_ENTRY.get(i);
            if (alteration.mustBeStorable()) {
                boolean held = stored.get(i);
                checks.add(() -> assertTrue(held, "corruptStoredEntry must store well-formed UTF-8 (" + alteration.name() + ")"));
            }
            if (stored.get(i)) {
                checks.add(corruptEverywhere(probes.get(i)));
            }
        }
        assertAll(checks);
    }

    @Test
    @DisplayName("[C-CORRUPT-02] a corrupt entry spoils nothing else: its segment keeps its count and listings, the other segments of its session and store read whole, and reading it changes nothing stored")
    void C_CORRUPT_02_aCorruptEntrySpoilsNothingElse() {
        SessionId session = SessionId.generate();
        Probe damaged = probe("a damaged segment", session, line -> ascii("not json at all"));
        List<LogEntry> siblingEntries = List.of(fx.plainStart(session), fx.marker("sibling"));
        SegmentId sibling = SegmentId.generate();
        store().create(sibling, StoredEntry.plain(siblingEntries));
        SessionId otherSession = SessionId.generate();
        List<LogEntry> otherEntries = List.of(fx.plainStart(otherSession), fx.marker("other"));
        SegmentId other = SegmentId.generate();
        store().create(other, StoredEntry.plain(otherEntries));
        SegmentInfo siblingInfo = store().info(sibling);
        SegmentInfo otherInfo = store().info(other);
        assertTrue(rewrite(List.of(damaged)).get(0), "corruptStoredEntry must store well-formed UTF-8");
        Object before = storageSnapshot();

        assertAll(corruptEverywhere(damaged));
        assertThrows(CorruptDataException.class, () -> store().read(damaged.segment(), PROBE, 1), "the damaged entry read again");
        assertAll(
                () -> assertEquals(damaged.written().size(), store().count(damaged.segment()), "count of the damaged segment"),
                () -> assertTrue(store().exists(damaged.segment()), "exists of the damaged segment"),
                () -> assertEquals(List.of(sibling, damaged.segment()), segmentsOf(session), "listSegments(session)"),
                () -> assertEquals(List.of(other, sibling, damaged.segment()),
                        ownIds(listedDownTo(store()::listSegments, damaged.segment()), Set.of(other, sibling, damaged.segment())),
                        "listSegments"),
                () -> assertEquals(List.of(otherSession, session),
                        ownIds(listedDownTo(store()::listSessions, session), Set.of(otherSession, session)), "listSessions"),
                () -> assertEntries(siblingEntries, store().readAll(sibling), "the other segment of the session"),
                () -> assertEquals(siblingInfo, store().info(sibling), "info of the other segment of the session"),
                () -> assertEntries(otherEntries, store().readAll(other), "a segment of another session"),
                () -> assertEquals(otherInfo, store().info(other), "info of a segment of another session"));
        assertEquals(before, storageSnapshot(), "the storage after reading the damaged segment: a store never repairs, cuts"
                + " or drops what it cannot read");
    }

    /** A segment written for a clause, the bytes to store in place of its entry at {@link #PROBE}, and what was written. */
    private record Probe(String name, SegmentId segment, List<LogEntry> written, byte[] altered) {}

    private record Sample(String name, String hex) {
        byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }
    }

    private record Alteration(String name, boolean mustBeStorable, UnaryOperator<byte[]> change) {}

    private Probe probe(String name, UnaryOperator<byte[]> alter) {
        return probe(name, SessionId.generate(), alter);
    }

    /** Writes a segment entry by entry (a create and three appends), its entry at {@link #PROBE} holding {@link #PLACE}. */
    private Probe probe(String name, SessionId session, UnaryOperator<byte[]> alter) {
        SegmentId segment = SegmentId.generate();
        LogEntry.UserInput probed = probeEntry(fx.tick(), PLACE);
        List<LogEntry> written = List.of(fx.plainStart(session), fx.marker("before"), probed, fx.marker("after"));
        store().create(segment, StoredEntry.plain(written.subList(0, 1)));
        written.subList(1, written.size()).forEach(entry -> store().append(segment, entry));
        return new Probe(name, segment, written, alter.apply(CODEC.encode(StoredEntry.plain(probed))));
    }

    private static LogEntry.UserInput probeEntry(long ts, String text) {
        return new LogEntry.UserInput(ts, List.of(new InputPart.Text("probe " + text + " end")));
    }

    private List<Boolean> rewrite(List<Probe> probes) {
        List<SegmentStoreConformanceTest.StoredBytes> rewrites = probes.stream()
                .map(p -> new SegmentStoreConformanceTest.StoredBytes(p.segment(), PROBE, p.altered())).toList();
        return rewriteStoredEntriesAndReopen(rewrites);
    }

    /** Checks that every read whose page holds the probe fails with CorruptDataException naming it. */
    private Executable corruptEverywhere(Probe probe) {
        SegmentId segment = probe.segment();
        return () -> assertAll(
                () -> assertCorruptAt(probe, () -> store().read(segment, PROBE, 1), "read(" + PROBE + ", 1)"),
                () -> assertCorruptAt(probe, () -> store().read(segment, 0, 10), "read(0, 10)"),
                () -> assertCorruptAt(probe, () -> store().readAll(segment), "readAll"));
    }

    private static void assertCorruptAt(Probe probe, Executable read, String what) {
        CorruptDataException error = assertThrows(CorruptDataException.class, read,
                what + " of an entry stored as " + probe.name() + " must throw CorruptDataException");
        assertEquals(Optional.of(probe.segment()), error.segmentId(), what + " (" + probe.name() + "): CorruptDataException.segmentId()");
        assertEquals(PROBE, error.position(), what + " (" + probe.name() + "): CorruptDataException.position()");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The probe's text with its quotes, as it stands in the line. */
    private static byte[] quoted() {
        return ascii("\"probe " + PLACE + " end\"");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    /** {@code line} with its one occurrence of {@code what} replaced by {@code with}. */
    private static byte[] replace(byte[] line, byte[] what, byte[] with) {
        int at = indexOf(line, what);
        if (at < 0 || indexOf(Arrays.copyOfRange(line, at + 1, line.length), what) >= 0) {
            throw new IllegalStateException("the kit's probe must hold " + new String(what, StandardCharsets.US_ASCII) + " once");
        }
        return concat(concat(Arrays.copyOf(line, at), with), Arrays.copyOfRange(line, at + what.length, line.length));
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
