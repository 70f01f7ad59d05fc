package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract rule can fail: for each deliberately broken store, running the named clause of
 * the kit through the Launcher fails it. {@code KitStructureTest}
 * requires every clause id of the kit to be named here at least once.
 */
class KitCatchesBrokenStoresTest {

    static Stream<Arguments> brokenStores() {
        return Stream.of(
                broken(SampleKits.OverwritesOnCreate.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-06"),
                broken(SampleKits.NonAtomicCreate.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-08"),
                broken(SampleKits.AcceptsEmptyCreate.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-07"),
                broken(SampleKits.ManglesUnicode.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-03"),
                broken(SampleKits.ManglesUnicode.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-01"),
                broken(SampleKits.SmallEntriesOnly.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-05"),
                broken(SampleKits.ReordersReads.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-01"),
                broken(SampleKits.ReordersReads.class, SegmentStoreConformanceTest.Append.class, "C-APPEND-01"),
                broken(SampleKits.DropsLastEntryOfBatch.class, SegmentStoreConformanceTest.Append.class, "C-APPEND-02"),
                broken(SampleKits.NonAtomicBatch.class, SegmentStoreConformanceTest.Append.class, "C-APPEND-03"),
                broken(SampleKits.UncheckedConditionalAppend.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-02"),
                broken(SampleKits.UncheckedConditionalAppend.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-03"),
                broken(SampleKits.UncheckedConditionalAppend.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-06"),
                broken(SampleKits.UncheckedConditionalAppend.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-05"),
                broken(SampleKits.UncheckedConditionalAppend.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-14"),
                broken(SampleKits.WrongConflictCounts.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-02"),
                broken(SampleKits.CheckThenActConditionalAppend.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-05"),
                broken(SampleKits.LosesConcurrentAppends.class, SegmentStoreConformanceTest.Concurrency.class, "C-CONC-01"),
                broken(SampleKits.ReadOffByOne.class, SegmentStoreConformanceTest.Read.class, "C-READ-01"),
                broken(SampleKits.ReadPastEndFails.class, SegmentStoreConformanceTest.Read.class, "C-READ-02"),
                broken(SampleKits.AcceptsNegativePosition.class, SegmentStoreConformanceTest.Read.class, "C-READ-03"),
                broken(SampleKits.CountFrozenAtCreate.class, SegmentStoreConformanceTest.CountAndExists.class, "C-COUNT-01"),
                broken(SampleKits.CountFrozenAtCreate.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-04"),
                broken(SampleKits.CountsEverySegment.class, SegmentStoreConformanceTest.Isolation.class, "C-ISO-01"),
                broken(SampleKits.ExistsLies.class, SegmentStoreConformanceTest.CountAndExists.class, "C-EXISTS-01"),
                broken(SampleKits.UnknownSegmentIsEmpty.class, SegmentStoreConformanceTest.UnknownSegment.class, "C-NOTFOUND-01"),
                broken(SampleKits.UnknownSegmentHasNoHead.class, SegmentStoreConformanceTest.UnknownSegment.class, "C-NOTFOUND-01"),
                broken(SampleKits.InfoFrozenAtCreate.class, SegmentStoreConformanceTest.Info.class, "C-INFO-01"),
                broken(SampleKits.InfoForgetsLineage.class, SegmentStoreConformanceTest.Info.class, "C-INFO-02"),
                broken(SampleKits.InfoForgetsLineage.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-02"),
                broken(SampleKits.ListsSegmentsOldestFirst.class, SegmentStoreConformanceTest.Listing.class, "C-LIST-01"),
                broken(SampleKits.ListsSessionsOldestFirst.class, SegmentStoreConformanceTest.Listing.class, "C-LIST-02"),
                broken(SampleKits.SessionListingMissesForks.class, SegmentStoreConformanceTest.Listing.class, "C-LIST-03"),
                broken(SampleKits.DeleteRemovesTooMuch.class, SegmentStoreConformanceTest.Retention.class, "C-DELETE-02"),
                broken(SampleKits.DeleteMiscounts.class, SegmentStoreConformanceTest.Retention.class, "C-DELETE-01"),
                broken(SampleKits.DeleteMiscounts.class, SegmentStoreConformanceTest.Retention.class, "C-DELETE-03"),
                broken(SampleKits.DeleteKeepsTraces.class, SegmentStoreConformanceTest.Retention.class, "C-DELETE-04"),
                broken(SampleKits.TraceMixedIntoLog.class, SegmentStoreConformanceTest.Trace.class, "C-TRACE-02"),
                broken(SampleKits.OneTraceForAll.class, SegmentStoreConformanceTest.Trace.class, "C-TRACE-03"),
                broken(SampleKits.TraceSkipsTheCodec.class, SegmentStoreConformanceTest.Trace.class, "C-TRACE-04"),
                broken(SampleKits.CloseDoesNothing.class, SegmentStoreConformanceTest.Close.class, "C-CLOSE-02"),
                broken(SampleKits.CloseTwiceFails.class, SegmentStoreConformanceTest.Close.class, "C-CLOSE-01"),
                broken(SampleKits.LosesDataOnReopen.class, SegmentStoreConformanceTest.Durability.class, "C-DURABLE-01"),
                broken(SampleKits.LosesDataOnReopen.class, SegmentStoreConformanceTest.Durability.class, "C-DURABLE-02"),
                broken(SampleKits.DropsEntryFromChainedReads.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-01"),
                broken(SampleKits.DropsEntryFromChainedReads.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-03"),
                broken(SampleKits.DropsLastEntryOfChainedBatch.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-01"),
                broken(SampleKits.ReordersChainedReads.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-01"),
                broken(SampleKits.ReordersChainedReads.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-03"),
                broken(SampleKits.LosesChainFields.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-01"),
                broken(SampleKits.LosesChainFields.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-05"),
                broken(SampleKits.LosesChainFields.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-12"),
                broken(SampleKits.WrongPrevHash.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-01"),
                broken(SampleKits.HeadHashFrozenAtCreate.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-05"),
                broken(SampleKits.ChainedReadsSkipUnchained.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-04"),
                broken(SampleKits.ChainLostOnReopen.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-11"),
                broken(SampleKits.DropsLastItemOfFullPages.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-01"),
                broken(SampleKits.RepeatsTheCursorItem.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-01"),
                broken(SampleKits.IgnoresPositionAndCursor.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-01"),
                broken(SampleKits.IgnoresPositionAndCursor.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-02"),
                broken(SampleKits.RepeatsTheCursorItem.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-02"),
                broken(SampleKits.ZeroLimitReadsNothing.class, SegmentStoreConformanceTest.PagedReads.class, "C-PAGE-03"),
                broken(SampleKits.DropsLastItemOfFullPages.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-04"),
                broken(SampleKits.RepeatsTheCursorItem.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-04"),
                broken(SampleKits.IgnoresPositionAndCursor.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-04"),
                broken(SampleKits.DropsLastItemOfFullPages.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-05"),
                broken(SampleKits.RepeatsTheCursorItem.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-05"),
                broken(SampleKits.DropsLastItemOfFullPages.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-06"),
                broken(SampleKits.NextWheneverFull.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-06"),
                broken(SampleKits.OffsetPaging.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-07"),
                broken(SampleKits.CursorMustExist.class, SegmentStoreConformanceTest.PagedListings.class, "C-PAGE-08"),
                broken(SampleKits.EmptyAppendIsNoop.class, SegmentStoreConformanceTest.UnknownSegment.class, "C-NOTFOUND-03"),
                broken(SampleKits.EmptyAppendIsNoop.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-07"),
                broken(SampleKits.AcceptsCountAhead.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-07"),
                broken(SampleKits.ModifiablePages.class, SegmentStoreConformanceTest.Isolation.class, "C-ISO-02"),
                broken(SampleKits.NullSegmentDoesNotExist.class, SegmentStoreConformanceTest.ErrorPrecedence.class, "C-ERR-01"),
                broken(SampleKits.LooksUpBeforeCheckingArguments.class, SegmentStoreConformanceTest.ErrorPrecedence.class, "C-ERR-02"),
                broken(SampleKits.ChecksCountBeforeEntries.class, SegmentStoreConformanceTest.ErrorPrecedence.class, "C-ERR-03"),
                broken(SampleKits.LosesChainFieldsDeclared.class, SegmentStoreConformanceTest.ChainFields.class, "C-CAP-01"),
                broken(SampleKits.WithoutHashChain.class, SegmentStoreConformanceTest.ChainFields.class, "C-CAP-01"),
                broken(SampleKits.SwallowsRefusedEntries.class, SegmentStoreConformanceTest.Append.class, "C-APPEND-04"),
                broken(SampleKits.ChainedSegmentsUnlisted.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-02"),
                broken(SampleKits.OriginLosesEntryAndHash.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-13"),
                broken(SampleKits.CheckThenActConditionalAppend.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-15"),
                broken(SampleKits.HeadHashOfLastChainedEntry.class, SegmentStoreConformanceTest.HashChained.class, "C-CHAIN-16"),
                broken(SampleKits.WritesThenConflicts.class, SegmentStoreConformanceTest.Concurrency.class, "C-CONC-02"),
                broken(SampleKits.ExpectedCountOffByOne.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-01"),
                broken(SampleKits.NonAtomicBatch.class, SegmentStoreConformanceTest.ConditionalAppend.class, "C-COND-04"),
                broken(SampleKits.ReadsStartWithoutLineage.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-02"),
                broken(SampleKits.SkipsEmptyUserInputs.class, SegmentStoreConformanceTest.CreateAndRead.class, "C-CREATE-04"),
                broken(SampleKits.TraceOfUnknownSegmentIsEmpty.class, SegmentStoreConformanceTest.UnknownSegment.class, "C-NOTFOUND-02"),
                broken(SampleKits.DropsLastEntryOfBatch.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-01"),
                broken(SampleKits.CapsPagesAtEight.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-03"),
                broken(SampleKits.InfoForgetsLineage.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-06"),
                broken(SampleKits.SkipsLegacyKinds.class, SegmentStoreConformanceTest.Operations.class, "C-OPS-07"),
                broken(SampleKits.ReversesTrace.class, SegmentStoreConformanceTest.Trace.class, "C-TRACE-01"),
                broken(SampleKits.SortsTraceByTs.class, SegmentStoreConformanceTest.Trace.class, "C-TRACE-05"),
                // races
                broken(SharedStorageKits.CreateIsCheckThenInsert.class, SegmentStoreConformanceTest.Concurrency.class, "C-CONC-03"),
                broken(SharedStorageKits.BatchesVisibleHalfWritten.class, SegmentStoreConformanceTest.Concurrency.class, "C-CONC-04"),
                // a second instance on the same storage
                broken(SharedStorageKits.CachesCountsPerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-01"),
                broken(SharedStorageKits.CachesCountsPerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-03"),
                broken(SharedStorageKits.CachesExistencePerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-02"),
                broken(SharedStorageKits.CachesExistencePerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-03"),
                broken(SharedStorageKits.IndexLoadedAtOpen.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-02"),
                broken(SharedStorageKits.IndexLoadedAtOpen.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-03"),
                broken(SharedStorageKits.ChecksCountsAgainstItsCache.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-04"),
                broken(SharedStorageKits.CachesEntriesByPosition.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-05"),
                broken(SharedStorageKits.CachesHeadHashPerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-06"),
                broken(SharedStorageKits.CachesTracePerInstance.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-07"),
                broken(SharedStorageKits.CreateIsCheckThenInsert.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-08"),
                broken(SampleKits.CheckThenActConditionalAppend.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-09"),
                broken(SharedStorageKits.BatchesVisibleHalfWritten.class, SegmentStoreConformanceTest.MultiInstance.class, "C-MULTI-10"),
                // beneath the store: altered bytes, creates that never finished, read-only stores
                broken(RawStorageKits.DecodesUtf8Leniently.class, SegmentStoreConformanceTest.AlteredBytes.class, "C-UTF8-01"),
                broken(RawStorageKits.KeepsThreeByteUtf8Only.class, SegmentStoreConformanceTest.AlteredBytes.class, "C-UTF8-02"),
                broken(RawStorageKits.SkipsCorruptEntries.class, SegmentStoreConformanceTest.AlteredBytes.class, "C-CORRUPT-01"),
                broken(RawStorageKits.SkipsCorruptEntries.class, SegmentStoreConformanceTest.AlteredBytes.class, "C-UTF8-01"),
                broken(RawStorageKits.QuarantinesOnRead.class, SegmentStoreConformanceTest.AlteredBytes.class, "C-CORRUPT-02"),
                broken(RawStorageKits.LeftoverExists.class, SegmentStoreConformanceTest.TornCreates.class, "C-TORN-01"),
                broken(RawStorageKits.ListsLeftovers.class, SegmentStoreConformanceTest.TornCreates.class, "C-TORN-02"),
                broken(RawStorageKits.LeftoverBlocksCreate.class, SegmentStoreConformanceTest.TornCreates.class, "C-TORN-03"),
                broken(RawStorageKits.ReadOnlyReadsACopy.class, SegmentStoreConformanceTest.ReadOnlyStores.class, "C-RO-01"),
                broken(RawStorageKits.ReadOnlyLooksUpFirst.class, SegmentStoreConformanceTest.ReadOnlyStores.class, "C-RO-02"),
                broken(RawStorageKits.ReadOnlyTouchesTheLock.class, SegmentStoreConformanceTest.ReadOnlyStores.class, "C-RO-03"));
    }

    private static Arguments broken(Class<? extends SegmentStoreConformanceTest> kit, Class<?> group, String clause) {
        return Arguments.of(kit.getSimpleName(), clause, kit, group);
    }

    @ParameterizedTest(name = "a store that {0} fails [{1}]")
    @MethodSource("brokenStores")
    void brokenStore_failsItsClause(String name, String clause, Class<? extends SegmentStoreConformanceTest> kit, Class<?> group) {
        KitRun run = KitRun.ofClause(kit, group, clause);

        assertTrue(run.failed().contains(clause), "expected " + clause + " to fail for " + name + "; " + run.describe());
        assertTrue(run.reason(clause).orElse("").startsWith("[" + clause + "] "), "the failure starts with the clause id: " + run.reason(clause));
        assertEquals(java.util.Map.of(), run.failedContainers, "no group may fail as a whole; " + run.describe());
    }
}
