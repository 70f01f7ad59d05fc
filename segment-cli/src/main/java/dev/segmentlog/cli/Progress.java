package dev.segmentlog.cli;

import java.io.PrintWriter;

/** A progress bar on stderr, drawn only when a person watches a terminal ({@code System.console() != null}). */
abstract class Progress {

    static Progress of(PrintWriter err, int total) {
        return System.console() != null && total > 0 ? new Bar(err, total) : new Progress() {};
    }

    void step(Object current) {}

    void done() {}

    private static final class Bar extends Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final int total;
        private int done;

        Bar(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        @Override
        void step(Object current) {
            done++;
            int filled = done * WIDTH / total;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + current);
            err.flush();
        }

        @Override
        void done() {
            err.println();
        }
    }
}
