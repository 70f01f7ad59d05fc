package dev.segmentlog.cli;

import java.io.PrintWriter;

/**
 * A progress line on stderr, drawn only when a person watches a terminal ({@code System.console() != null}):
 * how many items are done and which one is current. It shows no total: listings are read a page at a
 * time, so the total is not known until the end.
 */
abstract class Progress {

    static Progress of(PrintWriter err, String items) {
        return System.console() != null ? new Line(err, items) : new Progress() {};
    }

    void step(Object current) {}

    void done() {}

    private static final class Line extends Progress {
        private final PrintWriter err;
        private final String items;
        private long done;

        Line(PrintWriter err, String items) {
            this.err = err;
            this.items = items;
        }

        @Override
        void step(Object current) {
            done++;
            err.print("\r" + done + " " + items + " " + current);
            err.flush();
        }

        @Override
        void done() {
            if (done > 0) {
                err.println();
            }
        }
    }
}
