package dev.segmentlog.cli;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.StoreUri;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** The one way the commands render things as text: times, origins, entries, history items, tables. */
final class Format {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int QUOTE_LIMIT = 60;
    /** Hex digits of a hash shown in readable output; 12 make a collision within one segment unlikely. */
    static final int SHORT_HASH = 12;

    private Format() {}

    /** A store URI as it may be shown: the values of secret-looking options redacted. */
    static String uri(String storeUri) {
        return StoreUri.parse(storeUri).toString();
    }

    /** An epoch-millis timestamp, UTC. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Where a segment comes from: "new", "fork of X at turn N" or "compaction of X at turn N", with
     * the entry and source hash of the cut when the origin records them.
     */
    static String origin(SegmentInfo info) {
        if (info.forkedFrom() != null) {
            return "fork of " + info.forkedFrom().segmentId() + " " + cut(info.forkedFrom());
        }
        if (info.compactedFrom() != null) {
            return "compaction of " + info.compactedFrom().segmentId() + " " + cut(info.compactedFrom());
        }
        return "new";
    }

    /** What an imported segment's mark says in a listing: "imported, old chain BROKEN at line N". */
    static String imported(ImportedFrom mark) {
        return switch (mark.oldChain()) {
            case INTACT -> "imported, old chain intact";
            case NONE -> "imported, no old chain";
            case BROKEN -> "imported, old chain BROKEN at line " + mark.brokenAtLine();
        };
    }

    /** The origin relation without the source id, for trees: "fork at turn N". */
    static String relation(SegmentInfo info) {
        SegmentOrigin fork = info.forkedFrom();
        SegmentOrigin compaction = info.compactedFrom();
        if (fork != null) {
            return "fork " + cut(fork);
        }
        return compaction != null ? "compaction " + cut(compaction) : "new conversation";
    }

    /**
     * Where an origin cuts its source: "at turn N", or "at turn N (entry E, hash 1a2b3c4d5e6f)" when
     * it records the entry count or the source's head hash there.
     */
    static String cut(SegmentOrigin origin) {
        StringJoiner exact = new StringJoiner(", ", " (", ")");
        exact.setEmptyValue("");
        if (origin.atEntry() != null) {
            exact.add("entry " + origin.atEntry());
        }
        if (origin.atHash() != null) {
            exact.add("hash " + shortHash(origin.atHash()));
        }
        return "at turn " + origin.atTurnIndex() + exact;
    }

    /** The first {@value #SHORT_HASH} hex digits of a hash, as {@code fork --at-hash} accepts them back. */
    static String shortHash(EntryHash hash) {
        return hash.hex().substring(0, SHORT_HASH);
    }

    /** What one chain finding says: "ALTERED at position 3: …". */
    static String chainBreak(ChainReport.Break broken) {
        return broken.problem() + " at position " + broken.position() + ": " + broken.detail();
    }

    /** A count with its noun, singular or plural: "1 entry", "3 entries". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** Text in double quotes, shortened and on one line. */
    static String quote(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return "\"" + (flat.length() > QUOTE_LIMIT ? flat.substring(0, QUOTE_LIMIT - 1) + "…" : flat) + "\"";
    }

    /** One entry on one line, without its position or time: its kind, then what it says. */
    static String entry(LogEntry entry) {
        return pad(entry.wireKind(), 15) + " " + entryDetail(entry);
    }

    private static String entryDetail(LogEntry entry) {
        switch (entry.kind()) {
            case SEGMENT_START: {
                LogEntry.SegmentStart start = (LogEntry.SegmentStart) entry;
                StringJoiner detail = new StringJoiner(", ");
                if (start.importedFrom() != null) {
                    detail.add(start.importedFrom().describe());
                }
                detail.add("session " + start.sessionId());
                if (start.forkedFrom() != null) {
                    detail.add("forked from " + start.forkedFrom().segmentId() + " " + cut(start.forkedFrom()));
                }
                if (start.compactedFrom() != null) {
                    detail.add("compacted from " + start.compactedFrom().segmentId() + " "
                            + cut(start.compactedFrom()));
                }
                detail.add("prompt " + (start.systemPrompt() == null ? "none" : quote(start.systemPrompt())));
                detail.add("config " + config(start.config()));
                detail.add(count(start.history().size(), "history item", "history items"));
                return detail.toString();
            }
            case INVOKE:
                return ((LogEntry.Invoke) entry).trigger().wireName();
            case USER_INPUT: {
                List<InputPart> parts = ((LogEntry.UserInput) entry).parts();
                return quote(InputPart.flatten(parts)) + " (" + parts.stream().map(Format::partKind)
                        .collect(Collectors.joining(", ")) + ")";
            }
            case ASSISTANT_ITEM:
                return historyItem(((LogEntry.AssistantItem) entry).item());
            case TOOL_RESULT: {
                String item = historyItem(((LogEntry.ToolResult) entry).item());
                return item.startsWith("tool_result ") ? item.substring("tool_result ".length()) : item;
            }
            case SYSTEM_ITEM:
                return systemItem(((LogEntry.SystemItemEntry) entry).item());
            case TURN_END:
                return "turn " + ((LogEntry.TurnEnd) entry).turnCount();
            case RUN_COMPLETED: {
                LogEntry.RunCompleted run = (LogEntry.RunCompleted) entry;
                return run.result().wireName() + (run.interrupted() ? ", interrupted" : "");
            }
            case RUN_ERRORED: {
                LogEntry.RunErrored run = (LogEntry.RunErrored) entry;
                return quote(run.message()) + (run.interrupted() ? ", interrupted" : "");
            }
            case CONFIG_CHANGED:
                return config(((LogEntry.ConfigChanged) entry).config());
            case LLM_USAGE: {
                LogEntry.LlmUsage usage = (LogEntry.LlmUsage) entry;
                return "history " + usage.historyLen() + ", input " + usage.inputTotalTokens()
                        + " (cache read " + usage.cacheReadTokens() + ", write " + usage.cacheWriteTokens()
                        + "), output " + usage.outputTokens();
            }
            case EXTENSION: {
                LogEntry.Extension extension = (LogEntry.Extension) entry;
                return extension.domain() + " " + shorten(extension.payload().text());
            }
            case LOCKED:
                return "locked prefix " + ((LogEntry.Locked) entry).lockedPrefixLen();
            case CACHE_UNLOCKED:
                return "";
            case RUN_OUTCOME: {
                LogEntry.RunOutcome run = (LogEntry.RunOutcome) entry;
                return shorten(run.outcome().text()) + (run.interrupted() ? ", interrupted" : "");
            }
            case ASSISTANT_ITEMS:
                return items(((LogEntry.AssistantItems) entry).items());
            case TOOL_RESULTS:
                return items(((LogEntry.ToolResults) entry).items());
            case HOOK_INJECTED_ITEMS:
                return items(((LogEntry.HookInjectedItems) entry).items());
            case SYSTEM_ITEMS:
                return ((LogEntry.SystemItems) entry).items().stream().map(Format::systemItem)
                        .collect(Collectors.joining("; "));
            case PAUSED_TURN_ABANDONED:
                return "";
            case UNKNOWN:
                return "(a kind this version does not know, kept as read) "
                        + shorten(((LogEntry.Unknown) entry).original().text());
            default:
                throw new IllegalStateException("unhandled entry kind " + entry.kind());
        }
    }

    /** One history item: "message assistant \"…\"", "tool_call c1 read_file {…}", … */
    static String historyItem(HistoryItem item) {
        if (item instanceof HistoryItem.Message message) {
            boolean refusal = message.content().stream().anyMatch(c -> c instanceof HistoryItem.Content.Refusal);
            return "message " + message.role().wireName() + " " + quote(message.text())
                    + (refusal ? " (with a refusal)" : "");
        }
        if (item instanceof HistoryItem.ToolCall call) {
            return "tool_call " + call.callId() + " " + call.name() + " " + shorten(call.arguments());
        }
        if (item instanceof HistoryItem.ToolResult result) {
            return "tool_result " + result.callId() + " " + quote(result.summary())
                    + (result.isError() ? " (error)" : "");
        }
        if (item instanceof HistoryItem.Unknown unknown) {
            return "unknown " + unknown.kind();
        }
        HistoryItem.Reasoning reasoning = (HistoryItem.Reasoning) item;
        return "reasoning " + quote(reasoning.text())
                + (reasoning.encryptedContent() != null ? " (encrypted content kept)" : "");
    }

    /** A request config as its non-default settings, or "default". */
    static String config(RequestConfig config) {
        StringJoiner settings = new StringJoiner(" ");
        settings.setEmptyValue("default");
        if (config.maxTokens() != null) {
            settings.add("max_tokens=" + config.maxTokens());
        }
        if (config.temperature() != null) {
            settings.add("temperature=" + config.temperature());
        }
        if (config.topP() != null) {
            settings.add("top_p=" + config.topP());
        }
        if (config.topK() != null) {
            settings.add("top_k=" + config.topK());
        }
        if (!config.stopSequences().isEmpty()) {
            settings.add("stop_sequences=" + config.stopSequences().size());
        }
        if (config.reasoning() instanceof RequestConfig.Reasoning.Effort effort) {
            settings.add("reasoning=" + effort.label());
        } else if (config.reasoning() instanceof RequestConfig.Reasoning.Budget budget) {
            settings.add("reasoning=" + budget.tokens() + " tokens");
        }
        config.unknownFields().keySet().forEach(name -> settings.add(name + "=…"));
        return settings.toString();
    }

    /** Rows as left-aligned columns separated by two spaces; the first row is the header. */
    static List<String> table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            lines.add(row(row, widths));
        }
        return lines;
    }

    /**
     * One row of a table whose column widths are fixed in advance, as a table printed while it is
     * read must be: each cell but the last padded to its width, two spaces apart. A wider cell pushes
     * the rest of its row only.
     */
    static String row(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i]) + "  ");
        }
        return line.toString().stripTrailing();
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String partKind(InputPart part) {
        if (part instanceof InputPart.Text) {
            return "text";
        }
        if (part instanceof InputPart.Paste paste) {
            return "paste " + paste.lines() + " lines";
        }
        if (part instanceof InputPart.PasteWithTextId paste) {
            return "paste " + paste.lines() + " lines";
        }
        if (part instanceof InputPart.Flow) {
            return "flow";
        }
        if (part instanceof InputPart.FileRef) {
            return "file_ref";
        }
        if (part instanceof InputPart.KnowledgeRef) {
            return "knowledge_ref";
        }
        if (part instanceof InputPart.WorkflowInvoke) {
            return "workflow_invoke";
        }
        return "unknown " + ((InputPart.Unknown) part).kind();
    }

    private static String systemItem(SystemItem item) {
        String kind;
        if (item instanceof SystemItem.Notification) {
            kind = "notification";
        } else if (item instanceof SystemItem.PodEvent) {
            kind = "pod_event";
        } else if (item instanceof SystemItem.FileAttachment attachment) {
            kind = "file_attachment " + attachment.path();
        } else if (item instanceof SystemItem.Knowledge knowledge) {
            kind = "knowledge " + knowledge.slug();
        } else if (item instanceof SystemItem.Workflow workflow) {
            kind = "workflow " + workflow.slug();
        } else if (item instanceof SystemItem.WorkerEvent) {
            kind = "worker_event";
        } else if (item instanceof SystemItem.SkillActivation skill) {
            kind = "skill_activation " + skill.name();
        } else if (item instanceof SystemItem.TaskReminder) {
            kind = "task_reminder";
        } else if (item instanceof SystemItem.Interrupt) {
            kind = "interrupt";
        } else {
            kind = "unknown " + ((SystemItem.Unknown) item).kind();
        }
        return item.body() == null ? kind : kind + " " + quote(item.body());
    }

    private static String items(List<HistoryItem> items) {
        return items.stream().map(Format::historyItem).collect(Collectors.joining("; "));
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > QUOTE_LIMIT ? flat.substring(0, QUOTE_LIMIT - 1) + "…" : flat;
    }
}
