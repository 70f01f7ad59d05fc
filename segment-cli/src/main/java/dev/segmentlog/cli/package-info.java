/**
 * The {@code segmentlog} command line: {@code demo}, {@code ls}, {@code show}, {@code replay},
 * {@code tree}, {@code fork}, {@code verify} and {@code copy}. {@link dev.segmentlog.cli.Main} is the
 * only public type; every command is a small package-private class. Stores are opened only through
 * {@link dev.segmentlog.spi.SegmentStores#open(String)}, so any installed adapter works.
 */
package dev.segmentlog.cli;
