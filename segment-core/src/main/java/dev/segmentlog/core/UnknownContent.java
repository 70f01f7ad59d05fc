package dev.segmentlog.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an entry holds that this version does not understand: members of known objects it does not
 * know (a newer writer's field, or a misspelt one) and objects of unknown kinds, each with where
 * it is. A verifier reports these as warnings, so that silent damage to a field name shows.
 */
public final class UnknownContent {

    /**
     * One thing not understood.
     *
     * @param path   where it is, such as {@code user_input.segmentz} (a field) or
     *               {@code assistant_item.item} (an object of unknown kind)
     * @param type   a field or a kind
     * @param name   the field's name or the object's kind
     * @param object what the object of unknown kind is, such as {@code "history item"}; for a field,
     *               {@code "field"}
     */
    public record Finding(String path, Type type, String name, String object) {
        /** What a finding is. */
        public enum Type {
            /** A member of a known object that this version does not know. */
            FIELD,
            /** An object (or entry) of a kind this version does not know. */
            KIND
        }

        /** @throws NullPointerException if an argument is null */
        public Finding {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(object, "object");
        }

        /** In words: {@code unknown field 'segmentz'} or {@code unknown history item kind 'image'}. */
        public String description() {
            return type == Type.FIELD ? "unknown field '" + name + "'" : "unknown " + object + " kind '" + name + "'";
        }

        @Override
        public String toString() {
            return path + ": " + description();
        }
    }

    private final List<Finding> findings = new ArrayList<>();

    private UnknownContent() {
    }

    /**
     * Everything in {@code entry} this version does not understand, in the order the codec writes
     * it (an object's unknown fields after its known ones);
     * empty for an entry fully understood.
     *
     * @throws NullPointerException if {@code entry} is null
     */
    public static List<Finding> of(LogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        UnknownContent found = new UnknownContent();
        found.entry(entry);
        return List.copyOf(found.findings);
    }

    @SuppressWarnings("deprecation") // the older spellings are understood, so they are walked too
    private void entry(LogEntry entry) {
        String at = entry.wireKind();
        if (entry instanceof LogEntry.Unknown) {
            findings.add(new Finding(at, Finding.Type.KIND, at, "entry"));
            return;
        }
        if (entry instanceof LogEntry.SegmentStart e) {
            config(at + ".config", e.config());
            items(at + ".history", e.history());
            origin(at + ".forked_from", e.forkedFrom());
            origin(at + ".compacted_from", e.compactedFrom());
            if (e.importedFrom() != null) {
                fields(at + ".imported_from", e.importedFrom().unknown());
            }
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.Invoke e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.UserInput e) {
            for (int i = 0; i < e.parts().size(); i++) {
                part(at + ".segments[" + i + "]", e.parts().get(i));
            }
            for (int i = 0; i < e.extensions().size(); i++) {
                fields(at + ".extensions[" + i + "]", e.extensions().get(i).unknown());
            }
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.AssistantItem e) {
            item(at + ".item", e.item());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.ToolResult e) {
            item(at + ".item", e.item());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.SystemItemEntry e) {
            systemItem(at + ".item", e.item());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.TurnEnd e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.RunCompleted e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.RunErrored e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.PausedTurnAbandoned e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.ConfigChanged e) {
            config(at + ".config", e.config());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.LlmUsage e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.Extension e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.Locked e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.CacheUnlocked e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.RunOutcome e) {
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.AssistantItems e) {
            items(at + ".items", e.items());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.ToolResults e) {
            items(at + ".items", e.items());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.HookInjectedItems e) {
            items(at + ".items", e.items());
            fields(at, e.unknown());
        } else if (entry instanceof LogEntry.SystemItems e) {
            for (int i = 0; i < e.items().size(); i++) {
                systemItem(at + ".items[" + i + "]", e.items().get(i));
            }
            fields(at, e.unknown());
        }
    }

    private void config(String at, RequestConfig config) {
        config.unknownFields().keySet().forEach(name -> field(at, name));
    }

    private void origin(String at, SegmentOrigin origin) {
        if (origin != null) {
            fields(at, origin.unknown());
        }
    }

    private void items(String at, List<HistoryItem> items) {
        for (int i = 0; i < items.size(); i++) {
            item(at + "[" + i + "]", items.get(i));
        }
    }

    private void item(String at, HistoryItem item) {
        if (item instanceof HistoryItem.Unknown u) {
            kind(at, "history item", u.kind());
        } else if (item instanceof HistoryItem.Message m) {
            for (int i = 0; i < m.content().size(); i++) {
                String partAt = at + ".content[" + i + "]";
                HistoryItem.Content part = m.content().get(i);
                if (part instanceof HistoryItem.Content.Text t) {
                    fields(partAt, t.unknown());
                } else if (part instanceof HistoryItem.Content.Refusal r) {
                    fields(partAt, r.unknown());
                } else {
                    kind(partAt, "message content", ((HistoryItem.Content.Unknown) part).kind());
                }
            }
            fields(at, m.unknown());
        } else if (item instanceof HistoryItem.ToolCall c) {
            fields(at, c.unknown());
        } else if (item instanceof HistoryItem.ToolResult r) {
            for (int i = 0; i < r.attachments().size(); i++) {
                String attachmentAt = at + ".attachments[" + i + "]";
                HistoryItem.Attachment attachment = r.attachments().get(i);
                if (attachment instanceof HistoryItem.Attachment.Image image) {
                    fields(attachmentAt, image.unknown());
                } else {
                    kind(attachmentAt, "attachment", ((HistoryItem.Attachment.Unknown) attachment).kind());
                }
            }
            fields(at, r.unknown());
        } else if (item instanceof HistoryItem.Reasoning r) {
            fields(at, r.unknown());
        }
    }

    @SuppressWarnings("deprecation")
    private void part(String at, InputPart part) {
        if (part instanceof InputPart.Unknown u) {
            kind(at, "input part", u.kind());
        } else if (part instanceof InputPart.Text p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.Paste p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.PasteWithTextId p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.FileRef p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.Flow p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.KnowledgeRef p) {
            fields(at, p.unknown());
        } else if (part instanceof InputPart.WorkflowInvoke p) {
            fields(at, p.unknown());
        }
    }

    @SuppressWarnings("deprecation")
    private void systemItem(String at, SystemItem item) {
        if (item instanceof SystemItem.Unknown u) {
            kind(at, "system item", u.kind());
        } else if (item instanceof SystemItem.Notification i) {
            provenance(at, i.provenance());
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.WorkerEvent i) {
            provenance(at, i.provenance());
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.PodEvent i) {
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.FileAttachment i) {
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.SkillActivation i) {
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.Knowledge i) {
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.Workflow i) {
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.TaskReminder i) {
            provenance(at, i.provenance());
            fields(at, i.unknown());
        } else if (item instanceof SystemItem.Interrupt i) {
            provenance(at, i.provenance());
            fields(at, i.unknown());
        }
    }

    private void provenance(String at, SystemItem.PromptProvenance provenance) {
        if (provenance != null) {
            fields(at + ".prompt_provenance", provenance.unknown());
        }
    }

    private void fields(String at, UnknownFields unknown) {
        for (UnknownFields.Field field : unknown.fields()) {
            field(at, field.name());
        }
    }

    private void field(String at, String name) {
        findings.add(new Finding(at + "." + name, Finding.Type.FIELD, name, "field"));
    }

    private void kind(String at, String what, String kind) {
        findings.add(new Finding(at, Finding.Type.KIND, kind, what));
    }
}
