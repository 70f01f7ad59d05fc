/**
 * The {@code segmentlog} command line: {@code demo}, {@code ls}, {@code show}, {@code replay},
 * {@code tree}, {@code fork}, {@code verify} and {@code copy}. {@link dev.segmentlog.cli.Main} is the
 * only public type; every command is a small package-private class. Stores are opened only through
 * {@link dev.segmentlog.spi.SegmentStores}, so any installed adapter works: with
 * {@link dev.segmentlog.spi.SegmentStores#openReadOnly(String)} by every command that only reads
 * ({@code ls}, {@code show}, {@code replay}, {@code tree}, {@code verify}, and {@code copy} for its
 * source), so that nothing is created or changed in what they read and a missing store is an error;
 * with {@link dev.segmentlog.spi.SegmentStores#open(String)} by {@code demo}, {@code fork} and
 * {@code copy} for its target.
 *
 * <p>Commands walk listings and read segments a page at a time ({@code Page.all} over the store's
 * listings, {@code SegmentPages} over a segment), so they work in bounded memory on a store of any
 * size. What is held whole: one session's segment ids ({@code copy}, which copies a session's oldest
 * segment first, and {@code tree}), one segment's entries for the chain check of {@code verify} and
 * for {@code fork}, and one segment's trace, in the source and in the target, for {@code copy}.
 */
package dev.segmentlog.cli;
