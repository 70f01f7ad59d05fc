package dev.segmentlog.integration.chat;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A framework's conversations kept as segmentlog sessions: the engine behind a chat-memory
 * integration. The integration implements the framework's memory interface by delegating to one
 * {@code ConversationLog} and supplies a {@link MessageCodec} that maps the framework's message type
 * onto history items; where the entries go, how a windowed save appends only what is new and how
 * two writers fork instead of interleaving is this class's business, described in the
 * {@linkplain dev.segmentlog.integration.chat package documentation}.
 *
 * <pre>{@code
 * public final class MyChatMemory implements FrameworkChatMemory {
 *     private final ConversationLog<FrameworkMessage> conversations =
 *             new ConversationLog<>(new SegmentLog(store), new MyMessages(), "my-framework", 100);
 *
 *     public List<FrameworkMessage> get(String id) { return conversations.window(id); }
 *     public void set(String id, List<FrameworkMessage> messages) { conversations.save(id, messages); }
 *     public void clear(String id) { conversations.delete(id); }
 * }
 * }</pre>
 *
 * <p>Conversation ids are any non-null strings; an integration whose framework has other ids (or
 * forbids empty ones) converts or checks them before calling. Every method may throw what the store
 * throws ({@link dev.segmentlog.spi.StoreException}), and a {@link CorruptDataException} when an
 * extension entry this class wrote cannot be read back.
 *
 * <p>Thread-safe: calls for one conversation are serialized. The log does not close the store.
 *
 * @param <M> the framework's message type
 */
public final class ConversationLog<M> {
    private static final int LOCK_STRIPES = 64;
    private static final int SESSION_PAGE = 100;

    private final SegmentLog log;
    private final SegmentStore store;
    private final MessageCodec<M> codec;
    private final ConversationIds ids;
    private final String conversationDomain;
    private final String windowDomain;
    private final String messageDomain;
    private final Map<String, Conversation<M>> cache;
    private final Object[] locks = new Object[LOCK_STRIPES];

    /** A cached conversation: its writer and the framework's current list. */
    private static final class Conversation<M> {
        SegmentWriter writer;
        List<Kept<M>> window = List.of();
        long items;
        int turns;

        Conversation(SegmentWriter writer) {
            this.writer = writer;
        }
    }

    /**
     * A message of the current list, with where it is stored.
     *
     * @param message the object the framework holds
     * @param items   its history items
     * @param from    the index of its first history item
     * @param sidecar nullable: the message in full, when its items do not give it back exactly
     */
    private record Kept<M>(M message, List<HistoryItem> items, long from, String sidecar) {}

    /**
     * A log of the conversations of one namespace.
     *
     * @param log       writes and reads the segments; a {@link SegmentLog#chained()} log writes
     *                  hash-chained segments that {@link SegmentLog#verify} checks
     * @param codec     maps the framework's messages onto history items
     * @param namespace keeps these conversations apart from another integration's (or application's)
     *                  under the same ids in one store, and prefixes the extension entries' domains
     *                  ({@code <namespace>.conversation}, {@code .window}, {@code .message}); the
     *                  integration's name is a good default
     * @param maxCached how many conversations keep their list and writer in memory, least recently
     *                  used first out; a cached conversation holds its replayed history, one that is
     *                  not cached is read from the store once
     * @throws NullPointerException     if {@code log}, {@code codec} or {@code namespace} is null
     * @throws IllegalArgumentException if {@code namespace} is empty or {@code maxCached} is less than 1
     */
    public ConversationLog(SegmentLog log, MessageCodec<M> codec, String namespace, int maxCached) {
        this.log = Objects.requireNonNull(log, "log");
        this.codec = Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace must not be empty");
        }
        if (maxCached < 1) {
            throw new IllegalArgumentException("maxCached must be at least 1: " + maxCached);
        }
        this.store = log.store();
        this.ids = new ConversationIds(namespace);
        this.conversationDomain = namespace + ".conversation";
        this.windowDomain = namespace + ".window";
        this.messageDomain = namespace + ".message";
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Conversation<M>> eldest) {
                return size() > maxCached;
            }
        };
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * The conversation's current list: what the last {@link #save} gave, as a new mutable list; empty
     * for an unknown conversation. The messages are the objects a later save recognises as already
     * stored. Costs one listing and one count when the conversation is cached.
     *
     * @throws NullPointerException if {@code conversationId} is null
     * @throws CorruptDataException if an extension entry of the conversation cannot be read
     */
    public List<M> window(String conversationId) {
        String id = Objects.requireNonNull(conversationId, "conversationId");
        synchronized (lock(id)) {
            Optional<SegmentId> current = currentSegment(id);
            if (current.isEmpty()) {
                forget(id);
                return new ArrayList<>();
            }
            Conversation<M> conversation = cached(id);
            if (conversation == null || !conversation.writer.segmentId().equals(current.get())
                    || store.count(current.get()) != conversation.writer.head().entriesWritten()) {
                conversation = load(id, current.get());
            }
            List<M> messages = new ArrayList<>(conversation.window.size());
            conversation.window.forEach(kept -> messages.add(kept.message()));
            return messages;
        }
    }

    /**
     * Every message of the conversation's current segment in order, also those the list no longer
     * holds; empty for an unknown conversation. Reads the whole segment.
     *
     * @throws NullPointerException if {@code conversationId} is null
     * @throws CorruptDataException if an extension entry of the conversation cannot be read
     */
    public List<M> history(String conversationId) {
        String id = Objects.requireNonNull(conversationId, "conversationId");
        Optional<SegmentId> current = currentSegment(id);
        if (current.isEmpty()) {
            return new ArrayList<>();
        }
        RestoredState state = Replay.replay(store.readAll(current.get()));
        List<M> messages = new ArrayList<>();
        decode(current.get(), state.history(), 0, state.history().size(), sidecars(current.get(), state))
                .forEach(kept -> messages.add(kept.message()));
        return messages;
    }

    /**
     * Makes {@code messages} the conversation's current list, in one conditional append of what is
     * new: the messages that were not in the previous list, and, when the list dropped or reordered
     * earlier messages, a record of which stored messages it holds now. Stored messages are never
     * rewritten or removed. A message is recognised as stored when it is the very object a
     * {@link #window} read returned (what frameworks' windowed memories pass back); when the list
     * holds none of those (the caller rebuilt its messages), when its history items equal those of
     * the next stored message, in order. Saving an empty list of an unknown conversation creates
     * nothing. When another writer wrote the conversation since this log last read it, the save
     * forks the segment instead of interleaving (see the package documentation).
     *
     * @throws NullPointerException     if an argument is or holds null
     * @throws IllegalArgumentException if the codec cannot record a message
     * @throws CorruptDataException     if an extension entry of the conversation cannot be read
     */
    public void save(String conversationId, List<M> messages) {
        String id = Objects.requireNonNull(conversationId, "conversationId");
        // One copy: random access for the comparison with the previous list (LangChain4j's window
        // memory passes a LinkedList, whose get(i) walks the list: quadratic in the conversation's
        // length), and a list the caller cannot change while it is written.
        List<M> list = new ArrayList<>(Objects.requireNonNull(messages, "messages"));
        list.forEach(message -> Objects.requireNonNull(message, "messages must not hold null"));
        synchronized (lock(id)) {
            Optional<SegmentId> current = currentSegment(id);
            Conversation<M> conversation = cached(id);
            if (current.isEmpty()) {
                forget(id);
                if (list.isEmpty()) {
                    return;
                }
                conversation = create(id);
            } else if (conversation == null) {
                conversation = load(id, current.get());
            } else if (!conversation.writer.segmentId().equals(current.get())) {
                // Another writer's branch is newer than ours: continue from our own view in a fork of
                // our segment, so ours becomes the newest and theirs stays where it is.
                conversation = store.exists(conversation.writer.segmentId())
                        ? branch(conversation) : load(id, current.get());
            }
            write(conversation, list);
        }
    }

    /**
     * Deletes the conversation: its session with every segment (forks included). The id can start a
     * new conversation afterwards.
     *
     * @throws NullPointerException if {@code conversationId} is null
     */
    public void delete(String conversationId) {
        String id = Objects.requireNonNull(conversationId, "conversationId");
        synchronized (lock(id)) {
            store.deleteSession(ids.session(id));
            forget(id);
        }
    }

    /**
     * The id of every conversation of this namespace in the store, in no particular order. Walks
     * every session of the store a page at a time, with one small read (the first segment's second
     * entry) per session.
     *
     * @throws CorruptDataException if a conversation's naming entry cannot be read
     */
    public List<String> conversationIds() {
        List<String> found = new ArrayList<>();
        Page.all(store::listSessions, SESSION_PAGE).forEach(session -> conversationId(session).ifPresent(found::add));
        return found;
    }

    /**
     * The segment that holds the conversation now (the newest of its session), for segmentlog's own
     * tools ({@code SegmentLog} restore, fork and verify; {@code segmentlog show}); empty for an
     * unknown conversation.
     *
     * @throws NullPointerException if {@code conversationId} is null
     */
    public Optional<SegmentId> currentSegment(String conversationId) {
        List<SegmentId> newest = store.listSegments(ids.session(Objects.requireNonNull(conversationId, "conversationId")),
                PageRequest.first(1)).items();
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    private Optional<String> conversationId(SessionId session) {
        SegmentId root = ids.root(session);
        List<StoredEntry> second;
        try {
            second = store.read(root, 1, 1);
        } catch (SegmentNotFoundException notOurs) {
            return Optional.empty();
        }
        if (second.isEmpty() || !(second.get(0).entry() instanceof LogEntry.Extension extension)
                || !extension.domain().equals(conversationDomain)) {
            return Optional.empty();
        }
        String id;
        try {
            id = (String) ((Map<?, ?>) Json.parse(extension.payload().text())).get("id");
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new CorruptDataException(root, 1, "not a " + conversationDomain + " payload: " + e.getMessage(), e);
        }
        // Another namespace's conversation maps to another session: this one is not ours.
        return id != null && ids.session(id).equals(session) ? Optional.of(id) : Optional.empty();
    }

    private Conversation<M> create(String id) {
        SessionId session = ids.session(id);
        SegmentId root = ids.root(session);
        long ts = log.now();
        // One create of both entries rather than SegmentLog.createWithId and an append: a root without
        // its naming entry at position 1 (after a crash between the two, or when the other starter's
        // messages land first) would be a conversation conversationIds() cannot name.
        List<LogEntry> entries = List.of(
                new LogEntry.SegmentStart(ts, session, null, RequestConfig.DEFAULT, List.of(), null, null),
                new LogEntry.Extension(ts, conversationDomain, RawJson.of("{\"id\":" + Json.quote(id) + "}")));
        try {
            store.create(root, log.isChained() ? HashChain.link(null, entries) : StoredEntry.plain(entries));
        } catch (SegmentAlreadyExistsException startedMeanwhile) {
            SegmentId current = currentSegment(id).orElseThrow(() -> new IllegalStateException("segment " + root
                    + ", derived for conversation '" + id + "', belongs to another session"));
            return load(id, current);
        }
        Conversation<M> conversation = new Conversation<>(log.writer(root));
        put(id, conversation);
        return conversation;
    }

    private Conversation<M> load(String id, SegmentId segment) {
        Conversation<M> conversation = new Conversation<>(log.writer(segment));
        RestoredState state = conversation.writer.state();
        List<HistoryItem> history = state.history();
        Window window = Window.ALL;
        List<LogEntry.Extension> extensions = state.extensions();
        for (int i = extensions.size() - 1; i >= 0; i--) {
            if (extensions.get(i).domain().equals(windowDomain)) { // the latest window is the list
                try {
                    window = Window.parse(extensions.get(i).payload());
                } catch (IllegalArgumentException e) {
                    throw corrupt(segment, extensions.get(i), e);
                }
                break;
            }
        }
        Map<Long, LogEntry.Extension> sidecars = sidecars(segment, state);
        List<Kept<M>> kept = new ArrayList<>();
        for (Window.Range range : window.resolve(history.size())) {
            kept.addAll(decode(segment, history, range.from(), range.to(), sidecars));
        }
        conversation.window = List.copyOf(kept);
        conversation.items = history.size();
        conversation.turns = state.turnCount();
        put(id, conversation);
        return conversation;
    }

    private Conversation<M> branch(Conversation<M> conversation) {
        RestoredState view = conversation.writer.state();
        SegmentId fork = log.fork(conversation.writer.segmentId(), StartState.of(view), view.turnCount());
        conversation.writer = log.writer(fork);
        restoreWindow(conversation);
        return conversation;
    }

    private void write(Conversation<M> conversation, List<M> messages) {
        List<Kept<M>> old = conversation.window;
        // The common case costs no lookup: the list starts with the previous one, the same objects in order.
        int prefix = 0;
        while (prefix < old.size() && prefix < messages.size() && messages.get(prefix) == old.get(prefix).message()) {
            prefix++;
        }
        Map<M, ArrayDeque<Integer>> positions = new IdentityHashMap<>();
        for (int i = prefix; i < old.size(); i++) {
            positions.computeIfAbsent(old.get(i).message(), message -> new ArrayDeque<>()).add(i);
        }
        boolean byIdentity = prefix > 0 || messages.stream().anyMatch(positions::containsKey);

        long ts = log.now();
        List<Kept<M>> window = new ArrayList<>(old.subList(0, prefix));
        List<LogEntry> entries = new ArrayList<>();
        long item = conversation.items;
        int turns = conversation.turns;
        int lastMatched = prefix - 1;
        for (M message : messages.subList(prefix, messages.size())) {
            List<HistoryItem> items = null;
            int match;
            if (byIdentity) {
                ArrayDeque<Integer> same = positions.get(message);
                match = same == null || same.isEmpty() ? -1 : same.poll();
            } else {
                items = codec.items(message);
                match = nextEqual(old, lastMatched, items);
            }
            if (match >= 0) {
                window.add(old.get(match));
                lastMatched = match;
                continue;
            }
            items = items == null ? codec.items(message) : items;
            String sidecar = codec.sidecar(message).orElse(null);
            if (sidecar != null) {
                entries.add(sidecarEntry(ts, item, sidecar));
            }
            items.forEach(historyItem -> entries.add(entry(historyItem, ts)));
            window.add(new Kept<>(message, List.copyOf(items), item, sidecar));
            item += items.size();
            if (codec.endsTurn(message)) {
                entries.add(new LogEntry.TurnEnd(ts, ++turns));
            }
        }
        boolean onlyAppended = window.size() >= old.size();
        for (int i = 0; onlyAppended && i < old.size(); i++) {
            onlyAppended = window.get(i) == old.get(i);
        }
        if (!onlyAppended) {
            entries.add(new LogEntry.Extension(ts, windowDomain, windowOf(window, item).toJson()));
        }
        if (entries.isEmpty()) {
            return;
        }
        SegmentId before = conversation.writer.segmentId();
        conversation.writer.appendAll(entries);
        conversation.window = List.copyOf(window);
        conversation.items = item;
        conversation.turns = turns;
        if (!conversation.writer.segmentId().equals(before)) {
            restoreWindow(conversation);
        }
    }

    /**
     * Records the current list in a segment that does not hold it yet (a fork: its
     * {@code segment_start} carries the history, not the extensions).
     */
    private void restoreWindow(Conversation<M> conversation) {
        long ts = log.now();
        List<LogEntry> entries = new ArrayList<>();
        conversation.window.stream().filter(kept -> kept.sidecar() != null)
                .forEach(kept -> entries.add(sidecarEntry(ts, kept.from(), kept.sidecar())));
        Window window = windowOf(conversation.window, conversation.items);
        if (!window.showsAll(conversation.items)) {
            entries.add(new LogEntry.Extension(ts, windowDomain, window.toJson()));
        }
        conversation.writer.appendAll(entries);
    }

    /** The first message after {@code after} in {@code old} with these history items, or -1. */
    private static <M> int nextEqual(List<Kept<M>> old, int after, List<HistoryItem> items) {
        for (int i = after + 1; i < old.size(); i++) {
            if (old.get(i).items().equals(items)) {
                return i;
            }
        }
        return -1;
    }

    private static <M> Window windowOf(List<Kept<M>> window, long end) {
        List<Window.Range> ranges = new ArrayList<>();
        for (Kept<M> kept : window) {
            long to = kept.from() + kept.items().size();
            int last = ranges.size() - 1;
            if (last >= 0 && ranges.get(last).to() == kept.from()) {
                ranges.set(last, new Window.Range(ranges.get(last).from(), to));
            } else {
                ranges.add(new Window.Range(kept.from(), to));
            }
        }
        return new Window(ranges, end);
    }

    private List<Kept<M>> decode(SegmentId segment, List<HistoryItem> history, long from, long to,
                                 Map<Long, LogEntry.Extension> sidecars) {
        List<HistoryItem> items = history.subList((int) from, (int) to);
        List<Kept<M>> kept = new ArrayList<>();
        for (Decoded<M> decoded : codec.decode(items)) {
            long first = from + decoded.from();
            LogEntry.Extension sidecarEntry = sidecars.get(first);
            String sidecar = null;
            M message = decoded.message();
            if (sidecarEntry != null) {
                try {
                    sidecar = (String) ((Map<?, ?>) Json.parse(sidecarEntry.payload().text())).get("message");
                    message = codec.fromSidecar(Objects.requireNonNull(sidecar, "no message"));
                } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                    throw corrupt(segment, sidecarEntry, e);
                }
            }
            kept.add(new Kept<>(message, List.copyOf(items.subList(decoded.from(), decoded.to())), first, sidecar));
        }
        return kept;
    }

    /** The sidecar entries of a replayed segment, by the index of their message's first history item. */
    private Map<Long, LogEntry.Extension> sidecars(SegmentId segment, RestoredState state) {
        Map<Long, LogEntry.Extension> sidecars = new HashMap<>();
        for (LogEntry.Extension extension : state.extensions()) {
            if (extension.domain().equals(messageDomain)) {
                try {
                    sidecars.put((Long) Objects.requireNonNull(
                            ((Map<?, ?>) Json.parse(extension.payload().text())).get("item"), "no item"), extension);
                } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                    throw corrupt(segment, extension, e);
                }
            }
        }
        return sidecars;
    }

    private LogEntry sidecarEntry(long ts, long item, String sidecar) {
        return new LogEntry.Extension(ts, messageDomain,
                RawJson.of("{\"item\":" + item + ",\"message\":" + Json.quote(sidecar) + "}"));
    }

    /** A user message of one text part is recorded as what the user typed; other items as the log classifies them. */
    private static LogEntry entry(HistoryItem item, long ts) {
        if (item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER
                && message.content().size() == 1 && message.content().get(0) instanceof HistoryItem.Content.Text text) {
            return new LogEntry.UserInput(ts, List.of(new InputPart.Text(text.text())));
        }
        return SegmentLog.classify(item, ts);
    }

    /** The error for an extension this class cannot read; finding its position costs a read, on this path only. */
    private CorruptDataException corrupt(SegmentId segment, LogEntry.Extension extension, RuntimeException cause) {
        return new CorruptDataException(segment, store.readAll(segment).lastIndexOf(extension),
                "unreadable " + extension.domain() + " extension: " + cause.getMessage(), cause);
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
    }

    private Conversation<M> cached(String id) {
        synchronized (cache) {
            return cache.get(id);
        }
    }

    private void put(String id, Conversation<M> conversation) {
        synchronized (cache) {
            cache.put(id, conversation);
        }
    }

    private void forget(String id) {
        synchronized (cache) {
            cache.remove(id);
        }
    }
}
