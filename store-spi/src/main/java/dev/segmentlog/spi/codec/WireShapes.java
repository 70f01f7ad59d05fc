package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.ObjectShape.Omit.EMPTY;
import static dev.segmentlog.spi.codec.ObjectShape.Omit.FALSE;
import static dev.segmentlog.spi.codec.ObjectShape.Omit.NEVER;
import static dev.segmentlog.spi.codec.ObjectShape.Omit.NULL;
import static dev.segmentlog.spi.codec.ValueCodec.BOOLEAN;
import static dev.segmentlog.spi.codec.ValueCodec.DOUBLE;
import static dev.segmentlog.spi.codec.ValueCodec.INT;
import static dev.segmentlog.spi.codec.ValueCodec.LONG;
import static dev.segmentlog.spi.codec.ValueCodec.RAW;
import static dev.segmentlog.spi.codec.ValueCodec.STRING;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.ExtensionPayload;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.UnknownFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The wire format as tables: every object type, field by field in wire order, and every tagged
 * union, kind by kind. {@link EntryReader} and {@link EntryWriter} only walk these tables.
 * docs/FORMAT.md describes the same format in words.
 */
@SuppressWarnings("deprecation") // the older spellings (pod_event, string paste ids) are read and written back
final class WireShapes {

    private WireShapes() {
    }

    /** An entry's hash-chain members: handled by the codec around the entry, never part of it. */
    static final Set<String> CHAIN_FIELDS = Set.of("hash", "prev_hash");

    // ---------------------------------------------------------------- scalars

    static final ValueCodec<SessionId> SESSION_ID = ValueCodec.parsed(SessionId::parse, SessionId::toString);
    static final ValueCodec<SegmentId> SEGMENT_ID = ValueCodec.parsed(SegmentId::parse, SegmentId::toString);
    static final ValueCodec<EntryHash> ENTRY_HASH = ValueCodec.parsed(EntryHash::parse, EntryHash::hex);
    static final ValueCodec<LogEntry.Trigger> TRIGGER =
            ValueCodec.named(LogEntry.Trigger.values(), LogEntry.Trigger::wireName);
    static final ValueCodec<LogEntry.RunResult> RUN_RESULT =
            ValueCodec.named(LogEntry.RunResult.values(), LogEntry.RunResult::wireName);
    static final ValueCodec<ImportedFrom.OldChain> OLD_CHAIN =
            ValueCodec.named(ImportedFrom.OldChain.values(), ImportedFrom.OldChain::wireName);
    static final ValueCodec<HistoryItem.Role> ROLE =
            ValueCodec.named(HistoryItem.Role.values(), HistoryItem.Role::wireName);

    /** {@code null}, an effort label or an integer token budget. */
    static final ValueCodec<RequestConfig.Reasoning> REASONING = new ValueCodec<>() {
        @Override
        public RequestConfig.Reasoning read(JsonParser p, Wire w, String ctx) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return new RequestConfig.Reasoning.Effort(Wire.string(p, ctx));
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return new RequestConfig.Reasoning.Budget(Wire.longValue(p, ctx));
            }
            throw Wire.wrongType(p, ctx, "null, an effort label or an integer token budget");
        }

        @Override
        public void write(JsonGenerator g, RequestConfig.Reasoning value, Wire w, String ctx) {
            if (value instanceof RequestConfig.Reasoning.Effort effort) {
                STRING.write(g, effort.label(), w, ctx);
            } else {
                g.writeNumber(((RequestConfig.Reasoning.Budget) value).tokens());
            }
        }
    };

    /** A paste id: a number (the format), or a string (what segmentlog wrote before it followed the format). */
    static final ValueCodec<Object> PASTE_ID = new ValueCodec<>() {
        @Override
        public Object read(JsonParser p, Wire w, String ctx) {
            return p.currentToken() == JsonToken.VALUE_STRING ? Wire.string(p, ctx) : Wire.longValue(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, Object value, Wire w, String ctx) {
            if (value instanceof String text) {
                STRING.write(g, text, w, ctx);
            } else {
                g.writeNumber((Long) value);
            }
        }
    };

    // ---------------------------------------------------------------- config and origins

    static final ObjectShape<RequestConfig> CONFIG = ObjectShape.<RequestConfig>of(null)
            .optional("max_tokens", INT, RequestConfig::maxTokens, null, NEVER)
            .optional("temperature", DOUBLE, RequestConfig::temperature, null, NEVER)
            .optional("top_p", DOUBLE, RequestConfig::topP, null, NEVER)
            .optional("top_k", INT, RequestConfig::topK, null, NEVER)
            .optional("stop_sequences", STRING.list(), RequestConfig::stopSequences, List.of(), NEVER)
            .optional("reasoning", REASONING, RequestConfig::reasoning, null, NEVER)
            // A config keeps its unknown fields sorted by name (as it always has): the map is the record's.
            .build(v -> new RequestConfig(v.get("max_tokens"), v.get("temperature"), v.get("top_p"), v.get("top_k"),
                            v.get("stop_sequences"), v.get("reasoning"), asMap(v.unknown())),
                    config -> asFields(config.unknownFields()));

    static final ObjectShape<SegmentOrigin> ORIGIN = ObjectShape.<SegmentOrigin>of(null)
            .optional("segment_id", SEGMENT_ID, SegmentOrigin::segmentId, null, NEVER)
            .required("at_turn_index", INT, SegmentOrigin::atTurnIndex)
            .optional("at_entry", LONG, SegmentOrigin::atEntry, null, NULL)
            .optional("at_hash", ENTRY_HASH, SegmentOrigin::atHash, null, NULL)
            // The runtime's first unchained format named the source segment "session_id".
            .readOnly("session_id", SEGMENT_ID)
            .build(v -> {
                SegmentId source = v.has("segment_id") ? v.get("segment_id") : v.get("session_id");
                if (source == null) {
                    throw Wire.missing(v.ctx(), "segment_id");
                }
                return new SegmentOrigin(source, v.<Integer>get("at_turn_index"), v.get("at_entry"), v.get("at_hash"),
                        v.unknown());
            }, SegmentOrigin::unknown);

    static final ObjectShape<ImportedFrom> IMPORTED_FROM = ObjectShape.<ImportedFrom>of(null)
            .required("source", STRING, ImportedFrom::source)
            .required("old_chain", OLD_CHAIN, ImportedFrom::oldChain)
            .optional("broken_at_line", LONG, ImportedFrom::brokenAtLine, null, NULL)
            .optional("problem", STRING, ImportedFrom::problem, null, NULL)
            .build(v -> {
                ImportedFrom.OldChain oldChain = v.get("old_chain");
                boolean broken = oldChain == ImportedFrom.OldChain.BROKEN;
                Long line = v.get("broken_at_line");
                if (broken != (line != null) || broken != (v.get("problem") != null) || line != null && line < 1) {
                    throw new WireException(v.ctx() + ": a broken old_chain names its broken_at_line (from 1) and "
                            + "problem, any other none");
                }
                return new ImportedFrom(v.get("source"), oldChain, line, v.get("problem"), v.unknown());
            }, ImportedFrom::unknown);

    // ---------------------------------------------------------------- history items

    static final TaggedShape<HistoryItem.Content> CONTENT = TaggedShape.<HistoryItem.Content>of("a content object")
            .variant(HistoryItem.Content.Text.class, ObjectShape.<HistoryItem.Content.Text>of("text")
                    .required("text", STRING, HistoryItem.Content.Text::text)
                    .build(v -> new HistoryItem.Content.Text(v.get("text"), v.unknown()),
                            HistoryItem.Content.Text::unknown))
            .variant(HistoryItem.Content.Refusal.class, ObjectShape.<HistoryItem.Content.Refusal>of("refusal")
                    .required("refusal", STRING, HistoryItem.Content.Refusal::refusal)
                    .build(v -> new HistoryItem.Content.Refusal(v.get("refusal"), v.unknown()),
                            HistoryItem.Content.Refusal::unknown))
            .build(opaque(HistoryItem.Content.Unknown.class, u -> new HistoryItem.Content.Unknown(u.kind(), u.original()),
                    HistoryItem.Content.Unknown::kind, HistoryItem.Content.Unknown::original));

    static final TaggedShape<HistoryItem.Attachment> ATTACHMENT =
            TaggedShape.<HistoryItem.Attachment>of("an attachment object")
                    .variant(HistoryItem.Attachment.Image.class, ObjectShape.<HistoryItem.Attachment.Image>of("image")
                            .required("mime_type", STRING, HistoryItem.Attachment.Image::mimeType)
                            .required("data", STRING, HistoryItem.Attachment.Image::data)
                            .build(v -> new HistoryItem.Attachment.Image(v.get("mime_type"), v.get("data"), v.unknown()),
                                    HistoryItem.Attachment.Image::unknown))
                    .build(opaque(HistoryItem.Attachment.Unknown.class,
                            u -> new HistoryItem.Attachment.Unknown(u.kind(), u.original()),
                            HistoryItem.Attachment.Unknown::kind, HistoryItem.Attachment.Unknown::original));

    static final TaggedShape<HistoryItem> HISTORY_ITEM = TaggedShape.<HistoryItem>of("a history item object")
            .variant(HistoryItem.Message.class, ObjectShape.<HistoryItem.Message>of("message")
                    .required("role", ROLE, HistoryItem.Message::role)
                    .optional("content", CONTENT.list(), HistoryItem.Message::content, List.of(), NEVER)
                    .build(v -> new HistoryItem.Message(v.get("role"), v.get("content"), v.unknown()),
                            HistoryItem.Message::unknown))
            .variant(HistoryItem.ToolCall.class, ObjectShape.<HistoryItem.ToolCall>of("tool_call")
                    .required("call_id", STRING, HistoryItem.ToolCall::callId)
                    .required("name", STRING, HistoryItem.ToolCall::name)
                    .required("arguments", STRING, HistoryItem.ToolCall::arguments)
                    .build(v -> new HistoryItem.ToolCall(v.get("call_id"), v.get("name"), v.get("arguments"), v.unknown()),
                            HistoryItem.ToolCall::unknown))
            .variant(HistoryItem.ToolResult.class, ObjectShape.<HistoryItem.ToolResult>of("tool_result")
                    .required("call_id", STRING, HistoryItem.ToolResult::callId)
                    .required("summary", STRING, HistoryItem.ToolResult::summary)
                    .optional("content", STRING, HistoryItem.ToolResult::content, null, NULL)
                    .optional("attachments", ATTACHMENT.list(), HistoryItem.ToolResult::attachments, List.of(), EMPTY)
                    .optional("is_error", BOOLEAN, HistoryItem.ToolResult::isError, false, FALSE)
                    .build(v -> new HistoryItem.ToolResult(v.get("call_id"), v.get("summary"), v.get("content"),
                            v.get("attachments"), v.<Boolean>get("is_error"), v.unknown()), HistoryItem.ToolResult::unknown))
            .variant(HistoryItem.Reasoning.class, ObjectShape.<HistoryItem.Reasoning>of("reasoning")
                    .required("text", STRING, HistoryItem.Reasoning::text)
                    .optional("summary", STRING.list(), HistoryItem.Reasoning::summary, List.of(), EMPTY)
                    .optional("encrypted_content", STRING, HistoryItem.Reasoning::encryptedContent, null, NULL)
                    .optional("signature", STRING, HistoryItem.Reasoning::signature, null, NULL)
                    .build(v -> new HistoryItem.Reasoning(v.get("text"), v.get("summary"), v.get("encrypted_content"),
                            v.get("signature"), v.unknown()), HistoryItem.Reasoning::unknown))
            .build(opaque(HistoryItem.Unknown.class, u -> new HistoryItem.Unknown(u.kind(), u.original()),
                    HistoryItem.Unknown::kind, HistoryItem.Unknown::original));

    // ---------------------------------------------------------------- input parts

    private static final ObjectShape<InputPart> PASTE = ObjectShape.<InputPart>of("paste")
            .required("id", PASTE_ID, part -> part instanceof InputPart.Paste paste ? (Object) paste.id()
                    : ((InputPart.PasteWithTextId) part).id())
            .required("chars", LONG, part -> part instanceof InputPart.Paste paste ? paste.chars()
                    : ((InputPart.PasteWithTextId) part).chars())
            .required("lines", LONG, part -> part instanceof InputPart.Paste paste ? paste.lines()
                    : ((InputPart.PasteWithTextId) part).lines())
            .required("content", STRING, InputPart::flatten)
            .build(v -> {
                Object id = v.get("id");
                long chars = v.get("chars");
                long lines = v.get("lines");
                return id instanceof String textId
                        ? new InputPart.PasteWithTextId(textId, chars, lines, v.get("content"), v.unknown())
                        : new InputPart.Paste((Long) id, chars, lines, v.get("content"), v.unknown());
            }, part -> part instanceof InputPart.Paste paste ? paste.unknown()
                    : ((InputPart.PasteWithTextId) part).unknown());

    static final TaggedShape<InputPart> INPUT_PART = TaggedShape.<InputPart>of("an input part object")
            .variant(InputPart.Text.class, ObjectShape.<InputPart.Text>of("text")
                    .required("content", STRING, InputPart.Text::content)
                    .build(v -> new InputPart.Text(v.get("content"), v.unknown()), InputPart.Text::unknown))
            .variant(InputPart.Paste.class, PASTE)
            .variant(InputPart.PasteWithTextId.class, PASTE)
            .variant(InputPart.FileRef.class, ObjectShape.<InputPart.FileRef>of("file_ref")
                    .required("path", STRING, InputPart.FileRef::path)
                    .build(v -> new InputPart.FileRef(v.get("path"), v.unknown()), InputPart.FileRef::unknown))
            .variant(InputPart.Flow.class, ObjectShape.<InputPart.Flow>of("flow")
                    .required("selector", STRING, InputPart.Flow::selector)
                    .build(v -> new InputPart.Flow(v.get("selector"), v.unknown()), InputPart.Flow::unknown))
            .variant(InputPart.KnowledgeRef.class, ObjectShape.<InputPart.KnowledgeRef>of("knowledge_ref")
                    .required("slug", STRING, InputPart.KnowledgeRef::slug)
                    .build(v -> new InputPart.KnowledgeRef(v.get("slug"), v.unknown()), InputPart.KnowledgeRef::unknown))
            .variant(InputPart.WorkflowInvoke.class, ObjectShape.<InputPart.WorkflowInvoke>of("workflow_invoke")
                    .required("slug", STRING, InputPart.WorkflowInvoke::slug)
                    .build(v -> new InputPart.WorkflowInvoke(v.get("slug"), v.unknown()),
                            InputPart.WorkflowInvoke::unknown))
            .build(opaque(InputPart.Unknown.class, u -> new InputPart.Unknown(u.kind(), u.original()),
                    InputPart.Unknown::kind, InputPart.Unknown::original));

    static final ObjectShape<ExtensionPayload> EXTENSION_PAYLOAD = ObjectShape.<ExtensionPayload>of(null)
            .required("domain", STRING, ExtensionPayload::domain)
            .required("payload", RAW, ExtensionPayload::payload)
            .build(v -> new ExtensionPayload(v.get("domain"), v.get("payload"), v.unknown()), ExtensionPayload::unknown);

    // ---------------------------------------------------------------- system items

    static final ObjectShape<SystemItem.PromptProvenance> PROVENANCE = ObjectShape.<SystemItem.PromptProvenance>of(null)
            .optional("workspace_id", STRING, SystemItem.PromptProvenance::workspaceId, null, NULL)
            .required("config_revision", LONG, SystemItem.PromptProvenance::configRevision)
            .required("source_digest", STRING, SystemItem.PromptProvenance::sourceDigest)
            .required("projection_digest", STRING, SystemItem.PromptProvenance::projectionDigest)
            .required("logical_name", STRING, SystemItem.PromptProvenance::logicalName)
            .build(v -> new SystemItem.PromptProvenance(v.get("workspace_id"), v.<Long>get("config_revision"),
                    v.get("source_digest"), v.get("projection_digest"), v.get("logical_name"), v.unknown()),
                    SystemItem.PromptProvenance::unknown);

    static final TaggedShape<SystemItem> SYSTEM_ITEM = TaggedShape.<SystemItem>of("a system item object")
            .variant(SystemItem.Notification.class, ObjectShape.<SystemItem.Notification>of("notification")
                    .required("message", STRING, SystemItem.Notification::message)
                    .required("body", STRING, SystemItem.Notification::body)
                    .optional("prompt_provenance", PROVENANCE, SystemItem.Notification::provenance, null, NULL)
                    .build(v -> new SystemItem.Notification(v.get("message"), v.get("body"), v.get("prompt_provenance"),
                            v.unknown()), SystemItem.Notification::unknown))
            .variant(SystemItem.WorkerEvent.class, ObjectShape.<SystemItem.WorkerEvent>of("worker_event")
                    .required("event", RAW, SystemItem.WorkerEvent::event)
                    .required("body", STRING, SystemItem.WorkerEvent::body)
                    .optional("prompt_provenance", PROVENANCE, SystemItem.WorkerEvent::provenance, null, NULL)
                    .build(v -> new SystemItem.WorkerEvent(v.get("event"), v.get("body"), v.get("prompt_provenance"),
                            v.unknown()), SystemItem.WorkerEvent::unknown))
            .variant(SystemItem.PodEvent.class, ObjectShape.<SystemItem.PodEvent>of("pod_event")
                    .required("event", RAW, SystemItem.PodEvent::event)
                    .required("body", STRING, SystemItem.PodEvent::body)
                    .build(v -> new SystemItem.PodEvent(v.get("event"), v.get("body"), v.unknown()),
                            SystemItem.PodEvent::unknown))
            .variant(SystemItem.FileAttachment.class, ObjectShape.<SystemItem.FileAttachment>of("file_attachment")
                    .required("path", STRING, SystemItem.FileAttachment::path)
                    .required("body", STRING, SystemItem.FileAttachment::body)
                    .build(v -> new SystemItem.FileAttachment(v.get("path"), v.get("body"), v.unknown()),
                            SystemItem.FileAttachment::unknown))
            .variant(SystemItem.SkillActivation.class, ObjectShape.<SystemItem.SkillActivation>of("skill_activation")
                    .required("name", STRING, SystemItem.SkillActivation::name)
                    .required("body", STRING, SystemItem.SkillActivation::body)
                    .build(v -> new SystemItem.SkillActivation(v.get("name"), v.get("body"), v.unknown()),
                            SystemItem.SkillActivation::unknown))
            .variant(SystemItem.Knowledge.class, ObjectShape.<SystemItem.Knowledge>of("knowledge")
                    .required("slug", STRING, SystemItem.Knowledge::slug)
                    .required("body", STRING, SystemItem.Knowledge::body)
                    .build(v -> new SystemItem.Knowledge(v.get("slug"), v.get("body"), v.unknown()),
                            SystemItem.Knowledge::unknown))
            .variant(SystemItem.Workflow.class, ObjectShape.<SystemItem.Workflow>of("workflow")
                    .required("slug", STRING, SystemItem.Workflow::slug)
                    .optional("body", STRING, SystemItem.Workflow::body, null, NULL)
                    .build(v -> new SystemItem.Workflow(v.get("slug"), v.get("body"), v.unknown()),
                            SystemItem.Workflow::unknown))
            .variant(SystemItem.TaskReminder.class, ObjectShape.<SystemItem.TaskReminder>of("task_reminder")
                    .optional("source", STRING, SystemItem.TaskReminder::source, null, NULL)
                    .required("body", STRING, SystemItem.TaskReminder::body)
                    .optional("prompt_provenance", PROVENANCE, SystemItem.TaskReminder::provenance, null, NULL)
                    .build(v -> new SystemItem.TaskReminder(v.get("source"), v.get("body"), v.get("prompt_provenance"),
                            v.unknown()), SystemItem.TaskReminder::unknown))
            .variant(SystemItem.Interrupt.class, ObjectShape.<SystemItem.Interrupt>of("interrupt")
                    .required("body", STRING, SystemItem.Interrupt::body)
                    .optional("prompt_provenance", PROVENANCE, SystemItem.Interrupt::provenance, null, NULL)
                    .build(v -> new SystemItem.Interrupt(v.get("body"), v.get("prompt_provenance"), v.unknown()),
                            SystemItem.Interrupt::unknown))
            .build(new TaggedShape.Opaque<>() {
                @Override
                public SystemItem make(TaggedShape.UnknownObject object, String ctx) {
                    return new SystemItem.Unknown(object.kind(), object.body(), object.original());
                }

                @Override
                public String kindOf(SystemItem value) {
                    return value instanceof SystemItem.Unknown unknown ? unknown.kind() : null;
                }

                @Override
                public RawJson original(SystemItem value) {
                    return ((SystemItem.Unknown) value).original();
                }

                @Override
                public String body(SystemItem value) {
                    return value.body();
                }
            });

    // ---------------------------------------------------------------- entries

    static final ObjectShape<LogEntry.SegmentStart> SEGMENT_START =
            entry(EntryKind.SEGMENT_START, LogEntry.SegmentStart::ts)
                    .optional("session_id", SESSION_ID, LogEntry.SegmentStart::sessionId, null, NEVER)
                    .optional("system_prompt", STRING, LogEntry.SegmentStart::systemPrompt, null, NEVER)
                    .optional("config", CONFIG, LogEntry.SegmentStart::config, RequestConfig.DEFAULT, NEVER)
                    .optional("history", HISTORY_ITEM.list(), LogEntry.SegmentStart::history, List.of(), NEVER)
                    .optional("forked_from", ORIGIN, LogEntry.SegmentStart::forkedFrom, null, NULL)
                    .optional("compacted_from", ORIGIN, LogEntry.SegmentStart::compactedFrom, null, NULL)
                    .optional("imported_from", IMPORTED_FROM, LogEntry.SegmentStart::importedFrom, null, NULL)
            .build(v -> {
                SessionId session = v.get("session_id");
                if (session == null) {
                    SegmentId segment = v.wire().segment;
                    if (segment == null) {
                        throw new WireException("segment_start has no session_id and the segment is not known");
                    }
                    session = SessionId.ofLegacySegment(segment); // written before sessions existed
                }
                return new LogEntry.SegmentStart(v.<Long>get("ts"), session, v.get("system_prompt"), v.get("config"),
                        v.get("history"), v.get("forked_from"), v.get("compacted_from"), v.get("imported_from"),
                        v.unknown());
            }, LogEntry.SegmentStart::unknown);

    static final ObjectShape<LogEntry.Locked> LOCKED = entry(EntryKind.LOCKED, LogEntry.Locked::ts)
            .required("locked_prefix_len", INT, LogEntry.Locked::lockedPrefixLen)
            .build(v -> new LogEntry.Locked(v.<Long>get("ts"), v.<Integer>get("locked_prefix_len"), v.unknown()),
                    LogEntry.Locked::unknown);

    static final TaggedShape<LogEntry> ENTRY = TaggedShape.<LogEntry>of("an entry object")
            .namedByKind()
            .chainMembers(CHAIN_FIELDS)
            .variant(LogEntry.SegmentStart.class, SEGMENT_START)
            // The runtime's first unchained format, before segments were named segments.
            .alias("session_start", SEGMENT_START)
            .variant(LogEntry.Invoke.class, entry(EntryKind.INVOKE, LogEntry.Invoke::ts)
                    .required("trigger", TRIGGER, LogEntry.Invoke::trigger)
                    .build(v -> new LogEntry.Invoke(v.<Long>get("ts"), v.get("trigger"), v.unknown()),
                            LogEntry.Invoke::unknown))
            .variant(LogEntry.UserInput.class, entry(EntryKind.USER_INPUT, LogEntry.UserInput::ts)
                    .optional("segments", INPUT_PART.list(), LogEntry.UserInput::parts, List.of(), NEVER)
                    .optional("extensions", EXTENSION_PAYLOAD.list(), LogEntry.UserInput::extensions, List.of(), EMPTY)
                    .build(v -> new LogEntry.UserInput(v.<Long>get("ts"), v.get("segments"), v.get("extensions"),
                            v.unknown()), LogEntry.UserInput::unknown))
            .variant(LogEntry.AssistantItem.class, entry(EntryKind.ASSISTANT_ITEM, LogEntry.AssistantItem::ts)
                    .required("item", HISTORY_ITEM, LogEntry.AssistantItem::item)
                    .build(v -> new LogEntry.AssistantItem(v.<Long>get("ts"), v.get("item"), v.unknown()),
                            LogEntry.AssistantItem::unknown))
            .variant(LogEntry.ToolResult.class, entry(EntryKind.TOOL_RESULT, LogEntry.ToolResult::ts)
                    .required("item", HISTORY_ITEM, LogEntry.ToolResult::item)
                    .build(v -> new LogEntry.ToolResult(v.<Long>get("ts"), v.get("item"), v.unknown()),
                            LogEntry.ToolResult::unknown))
            .variant(LogEntry.SystemItemEntry.class, entry(EntryKind.SYSTEM_ITEM, LogEntry.SystemItemEntry::ts)
                    .required("item", SYSTEM_ITEM, LogEntry.SystemItemEntry::item)
                    .build(v -> new LogEntry.SystemItemEntry(v.<Long>get("ts"), v.get("item"), v.unknown()),
                            LogEntry.SystemItemEntry::unknown))
            .variant(LogEntry.TurnEnd.class, entry(EntryKind.TURN_END, LogEntry.TurnEnd::ts)
                    .required("turn_count", INT, LogEntry.TurnEnd::turnCount)
                    .build(v -> new LogEntry.TurnEnd(v.<Long>get("ts"), v.<Integer>get("turn_count"), v.unknown()),
                            LogEntry.TurnEnd::unknown))
            .variant(LogEntry.RunCompleted.class, entry(EntryKind.RUN_COMPLETED, LogEntry.RunCompleted::ts)
                    .required("interrupted", BOOLEAN, LogEntry.RunCompleted::interrupted)
                    .required("result", RUN_RESULT, LogEntry.RunCompleted::result)
                    .build(v -> new LogEntry.RunCompleted(v.<Long>get("ts"), v.<Boolean>get("interrupted"),
                            v.get("result"), v.unknown()), LogEntry.RunCompleted::unknown))
            .variant(LogEntry.RunErrored.class, entry(EntryKind.RUN_ERRORED, LogEntry.RunErrored::ts)
                    .required("interrupted", BOOLEAN, LogEntry.RunErrored::interrupted)
                    .required("message", STRING, LogEntry.RunErrored::message)
                    .build(v -> new LogEntry.RunErrored(v.<Long>get("ts"), v.<Boolean>get("interrupted"),
                            v.get("message"), v.unknown()), LogEntry.RunErrored::unknown))
            .variant(LogEntry.PausedTurnAbandoned.class,
                    entry(EntryKind.PAUSED_TURN_ABANDONED, LogEntry.PausedTurnAbandoned::ts)
                            .build(v -> new LogEntry.PausedTurnAbandoned(v.<Long>get("ts"), v.unknown()),
                                    LogEntry.PausedTurnAbandoned::unknown))
            .variant(LogEntry.ConfigChanged.class, entry(EntryKind.CONFIG_CHANGED, LogEntry.ConfigChanged::ts)
                    .required("config", CONFIG, LogEntry.ConfigChanged::config)
                    .build(v -> new LogEntry.ConfigChanged(v.<Long>get("ts"), v.get("config"), v.unknown()),
                            LogEntry.ConfigChanged::unknown))
            .variant(LogEntry.LlmUsage.class, entry(EntryKind.LLM_USAGE, LogEntry.LlmUsage::ts)
                    .required("history_len", INT, LogEntry.LlmUsage::historyLen)
                    .required("input_total_tokens", LONG, LogEntry.LlmUsage::inputTotalTokens)
                    .required("cache_read_tokens", LONG, LogEntry.LlmUsage::cacheReadTokens)
                    .required("cache_write_tokens", LONG, LogEntry.LlmUsage::cacheWriteTokens)
                    .required("output_tokens", LONG, LogEntry.LlmUsage::outputTokens)
                    .build(v -> new LogEntry.LlmUsage(v.<Long>get("ts"), v.<Integer>get("history_len"),
                            v.<Long>get("input_total_tokens"), v.<Long>get("cache_read_tokens"),
                            v.<Long>get("cache_write_tokens"), v.<Long>get("output_tokens"), v.unknown()),
                            LogEntry.LlmUsage::unknown))
            .variant(LogEntry.Extension.class, entry(EntryKind.EXTENSION, LogEntry.Extension::ts)
                    .required("domain", STRING, LogEntry.Extension::domain)
                    .required("payload", RAW, LogEntry.Extension::payload)
                    .build(v -> new LogEntry.Extension(v.<Long>get("ts"), v.get("domain"), v.get("payload"), v.unknown()),
                            LogEntry.Extension::unknown))
            .variant(LogEntry.Locked.class, LOCKED)
            // Hash-chained format v0's name for `locked`.
            .alias("cache_locked", LOCKED)
            .variant(LogEntry.CacheUnlocked.class, entry(EntryKind.CACHE_UNLOCKED, LogEntry.CacheUnlocked::ts)
                    .build(v -> new LogEntry.CacheUnlocked(v.<Long>get("ts"), v.unknown()), LogEntry.CacheUnlocked::unknown))
            .variant(LogEntry.RunOutcome.class, entry(EntryKind.RUN_OUTCOME, LogEntry.RunOutcome::ts)
                    .required("outcome", RAW, LogEntry.RunOutcome::outcome)
                    .required("interrupted", BOOLEAN, LogEntry.RunOutcome::interrupted)
                    .build(v -> new LogEntry.RunOutcome(v.<Long>get("ts"), v.get("outcome"), v.<Boolean>get("interrupted"),
                            v.unknown()), LogEntry.RunOutcome::unknown))
            .variant(LogEntry.AssistantItems.class, entry(EntryKind.ASSISTANT_ITEMS, LogEntry.AssistantItems::ts)
                    .optional("items", HISTORY_ITEM.list(), LogEntry.AssistantItems::items, List.of(), NEVER)
                    .build(v -> new LogEntry.AssistantItems(v.<Long>get("ts"), v.get("items"), v.unknown()),
                            LogEntry.AssistantItems::unknown))
            .variant(LogEntry.ToolResults.class, entry(EntryKind.TOOL_RESULTS, LogEntry.ToolResults::ts)
                    .optional("items", HISTORY_ITEM.list(), LogEntry.ToolResults::items, List.of(), NEVER)
                    .build(v -> new LogEntry.ToolResults(v.<Long>get("ts"), v.get("items"), v.unknown()),
                            LogEntry.ToolResults::unknown))
            .variant(LogEntry.HookInjectedItems.class,
                    entry(EntryKind.HOOK_INJECTED_ITEMS, LogEntry.HookInjectedItems::ts)
                            .optional("items", HISTORY_ITEM.list(), LogEntry.HookInjectedItems::items, List.of(), NEVER)
                            .build(v -> new LogEntry.HookInjectedItems(v.<Long>get("ts"), v.get("items"), v.unknown()),
                                    LogEntry.HookInjectedItems::unknown))
            .variant(LogEntry.SystemItems.class, entry(EntryKind.SYSTEM_ITEMS, LogEntry.SystemItems::ts)
                    .optional("items", SYSTEM_ITEM.list(), LogEntry.SystemItems::items, List.of(), NEVER)
                    .build(v -> new LogEntry.SystemItems(v.<Long>get("ts"), v.get("items"), v.unknown()),
                            LogEntry.SystemItems::unknown))
            .build(new TaggedShape.Opaque<>() {
                @Override
                public LogEntry make(TaggedShape.UnknownObject object, String ctx) {
                    OptionalLong ts = object.ts() == null ? OptionalLong.empty() : OptionalLong.of(object.ts());
                    return new LogEntry.Unknown(object.kind(), ts, object.original());
                }

                @Override
                public String kindOf(LogEntry value) {
                    return value instanceof LogEntry.Unknown unknown ? unknown.wireKind() : null;
                }

                @Override
                public RawJson original(LogEntry value) {
                    return ((LogEntry.Unknown) value).original();
                }

                @Override
                public String body(LogEntry value) {
                    return null;
                }
            });

    // ---------------------------------------------------------------- helpers

    /** The start of an entry's table: its tag, the chain fields read apart, and {@code ts}. */
    private static <T extends LogEntry> ObjectShape.Builder<T> entry(EntryKind kind, ToLongFunction<T> ts) {
        return ObjectShape.<T>of(kind.wireName())
                .chainMembers(CHAIN_FIELDS)
                .required("ts", LONG, entry -> ts.applyAsLong(entry));
    }

    /** The opaque variant of a union that keeps unknown kinds without a body. */
    private static <T, U extends T> TaggedShape.Opaque<T> opaque(Class<U> type,
                                                                Function<TaggedShape.UnknownObject, U> make,
                                                                Function<U, String> kind, Function<U, RawJson> original) {
        return new TaggedShape.Opaque<>() {
            @Override
            public T make(TaggedShape.UnknownObject object, String ctx) {
                return make.apply(object);
            }

            @Override
            public String kindOf(T value) {
                return type.isInstance(value) ? kind.apply(type.cast(value)) : null;
            }

            @Override
            public RawJson original(T value) {
                return original.apply(type.cast(value));
            }

            @Override
            public String body(T value) {
                return null;
            }
        };
    }

    private static Map<String, RawJson> asMap(UnknownFields fields) {
        Map<String, RawJson> map = new TreeMap<>();
        fields.fields().forEach(field -> map.put(field.name(), field.value()));
        return map;
    }

    private static UnknownFields asFields(Map<String, RawJson> map) {
        List<UnknownFields.Field> fields = new ArrayList<>(map.size());
        map.forEach((name, value) -> fields.add(new UnknownFields.Field(name, value)));
        return new UnknownFields(fields);
    }
}
