package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tree", description = "Print a session's fork and compaction lineage as a tree.")
final class TreeCommand extends StoreCommand {

    @Parameters(paramLabel = "SESSION", description = "The session id (a segment id also works: its session is shown).")
    String session;

    @Option(names = "--dot", description = "Print the tree in Graphviz dot format.")
    boolean dot;

    @Override
    int run(SegmentStore store) {
        SessionTree tree = SessionTree.load(store, resolve(store, session));
        if (dot) {
            printDot(tree, out());
        } else {
            out().println("session " + tree.session());
            tree.print(out());
        }
        return Main.OK;
    }

    /** The id names a session, or else a segment whose session is meant. */
    private static SessionId resolve(SegmentStore store, String id) {
        SessionId asSession = SessionId.parse(id);
        if (!store.listSegments(asSession, PageRequest.first(1)).items().isEmpty()) {
            return asSession;
        }
        SegmentId asSegment = new SegmentId(asSession.value());
        if (store.exists(asSegment)) {
            return store.info(asSegment).sessionId();
        }
        throw new IllegalArgumentException("no session or segment " + id + " in the store");
    }

    private static void printDot(SessionTree tree, PrintWriter out) {
        out.println("digraph \"session " + tree.session() + "\" {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box, fontname=\"monospace\"];");
        for (SegmentInfo info : tree.segments()) {
            out.println("  \"" + info.segmentId() + "\" [label=\"" + info.segmentId() + "\\n" + Format.relation(info)
                    + "\\n" + Format.count(info.entryCount(), "entry", "entries") + "\"];");
        }
        for (SegmentInfo info : tree.segments()) {
            SegmentOrigin origin = SessionTree.origin(info);
            if (origin != null) {
                out.println("  \"" + origin.segmentId() + "\" -> \"" + info.segmentId() + "\" [label=\""
                        + Format.relation(info) + "\"" + (info.forkedFrom() != null ? "" : ", style=dashed") + "];");
            }
        }
        out.println("}");
    }

    /** The segments of one session, linked by their origins; shared with {@code demo}. */
    record SessionTree(SessionId session, List<SegmentInfo> segments, Map<SegmentId, List<SegmentInfo>> children) {

        /** Reads the session's listing a page at a time; the tree itself holds every segment's info. */
        static SessionTree load(SegmentStore store, SessionId session) {
            List<SegmentInfo> segments = new ArrayList<>();
            Page.all((PageRequest<SegmentId> page) -> store.listSegments(session, page), PageRequest.DEFAULT_LIMIT)
                    .forEach(segment -> segments.add(store.info(segment)));
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("session " + session + " has no segments in the store");
            }
            segments.sort(Comparator.comparing(SegmentInfo::segmentId)); // oldest first
            Map<SegmentId, List<SegmentInfo>> children = new LinkedHashMap<>();
            segments.forEach(info -> children.put(info.segmentId(), new ArrayList<>()));
            for (SegmentInfo info : segments) {
                SegmentOrigin origin = origin(info);
                if (origin != null && children.containsKey(origin.segmentId())) {
                    children.get(origin.segmentId()).add(info);
                }
            }
            return new SessionTree(session, segments, children);
        }

        static SegmentOrigin origin(SegmentInfo info) {
            return info.forkedFrom() != null ? info.forkedFrom() : info.compactedFrom();
        }

        /** Roots are new conversations, and segments whose source is not in this session. */
        List<SegmentInfo> roots() {
            return segments.stream()
                    .filter(info -> origin(info) == null || !children.containsKey(origin(info).segmentId()))
                    .toList();
        }

        void print(PrintWriter out) {
            for (SegmentInfo root : roots()) {
                String note = origin(root) == null ? "" : " (source " + origin(root).segmentId() + " not in this session)";
                out.println(line(root) + note);
                printChildren(root, "", out);
            }
        }

        private void printChildren(SegmentInfo parent, String indent, PrintWriter out) {
            List<SegmentInfo> kids = children.get(parent.segmentId());
            for (int i = 0; i < kids.size(); i++) {
                boolean last = i == kids.size() - 1;
                out.println(indent + (last ? "└── " : "├── ") + line(kids.get(i)));
                printChildren(kids.get(i), indent + (last ? "    " : "│   "), out);
            }
        }

        private static String line(SegmentInfo info) {
            return info.segmentId() + "  " + Format.relation(info) + ", "
                    + Format.count(info.entryCount(), "entry", "entries");
        }
    }
}
