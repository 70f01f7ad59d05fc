package dev.segmentlog.integration.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine on its own, with the notes of a made-up framework: what a save writes, what a read gives back. */
class ConversationLogTest {
    private final SegmentStore store = new InMemorySegmentStore();
    private final ConversationLog<Note> log = logOn(store, "test");

    @Test
    void save_thenWindow_givesTheNotesBack_alsoToALogThatNeverSawThem() {
        log.save("chat", Note.chat("ann", 2));

        assertEquals(Note.chat("ann", 2), log.window("chat"));
        assertEquals(Note.chat("ann", 2), logOn(store, "test").window("chat"));
    }

    @Test
    void firstSave_writesTheStart_theNamingEntry_andEachNoteAsAnOrdinaryEntry() {
        log.save("chat", Note.chat("ann", 1));

        List<LogEntry> entries = store.readAll(current());
        assertEquals(List.of("SegmentStart", "Extension", "UserInput", "AssistantItem", "TurnEnd"),
                entries.stream().map(entry -> entry.getClass().getSimpleName()).toList());
        assertEquals(new LogEntry.Extension(entries.get(1).ts(), "test.conversation", RawJson.of("{\"id\":\"chat\"}")),
                entries.get(1));
    }

    @Test
    void save_ofTheListReadBackAndOneMoreNote_appendsOnlyThatNote() {
        log.save("chat", Note.chat("ann", 1));
        long count = store.count(current());
        List<Note> list = log.window("chat");
        list.add(Note.user("ann asks 2"));

        log.save("chat", list);

        assertEquals(count + 1, store.count(current()));
    }

    @Test
    void save_ofRebuiltEqualNotes_appendsNothing() {
        log.save("chat", Note.chat("ann", 2));
        long count = store.count(current());

        log.save("chat", Note.chat("ann", 2));

        assertEquals(count, store.count(current()));
    }

    @Test
    void save_ofAListThatDroppedNotes_appendsOneWindowEntry_andTheHistoryKeepsThemAll() {
        log.save("chat", Note.chat("ann", 3));
        List<Note> kept = new ArrayList<>(log.window("chat").subList(4, 6));
        long count = store.count(current());

        log.save("chat", kept);

        assertEquals(count + 1, store.count(current()), "a window entry, and no note stored again");
        assertEquals(kept, logOn(store, "test").window("chat"));
        assertEquals(Note.chat("ann", 3), log.history("chat"));
    }

    @Test
    void aNoteItsItemsCannotCarry_comesBackInFull_fromItsSidecar() {
        List<Note> notes = List.of(new Note(HistoryItem.Role.USER, "what is on it?", "photo.png"), Note.answer("a cat"));

        log.save("chat", notes);

        assertEquals(notes, logOn(store, "test").window("chat"));
        assertEquals(1, store.readAll(current()).stream().filter(entry -> entry instanceof LogEntry.Extension extension
                && extension.domain().equals("test.message")).count());
    }

    @Test
    void aWriterOfAStaleList_forks_andTheOtherWritersNotesStayInTheSegmentItForkedFrom() {
        ConversationLog<Note> other = logOn(store, "test");
        log.save("chat", Note.chat("ann", 1));
        SegmentId root = current();
        List<Note> annSees = log.window("chat");
        List<Note> bobSees = other.window("chat");
        annSees.add(Note.user("ann asks again"));
        bobSees.add(Note.user("bob asks too"));

        log.save("chat", annSees);
        other.save("chat", bobSees);

        SegmentId fork = current();
        assertNotEquals(root, fork);
        assertEquals(new SegmentOrigin(root, 1), ((LogEntry.SegmentStart) store.read(fork, 0, 1).get(0).entry()).forkedFrom());
        assertEquals(bobSees, log.window("chat"), "every reader reads the newest segment");
        List<Note> inRoot = new ArrayList<>();
        new Notes().decode(new SegmentLog(store).restore(root).history()).forEach(decoded -> inRoot.add(decoded.message()));
        assertEquals(annSees, inRoot);
    }

    @Test
    void conversationIds_areThoseOfTheNamespace_whateverTheirCharacters() {
        String odd = "user \"ann\" \\ 日本 \n\t\u0001 end";
        log.save("chat", Note.chat("ann", 1));
        log.save(odd, Note.chat("ann", 1));
        logOn(store, "other").save("chat", Note.chat("bob", 1));
        new SegmentLog(store).create(new StartState(null, RequestConfig.DEFAULT, List.of())); // a session, no conversation

        assertEquals(Set.of("chat", odd), Set.copyOf(logOn(store, "test").conversationIds()));
        assertEquals(Note.chat("ann", 1), log.window("chat"), "the other namespace's 'chat' is another conversation");
    }

    @Test
    void delete_removesTheConversation_andItsIdCanStartAnew() {
        log.save("chat", Note.chat("ann", 1));
        SegmentId segment = current();

        log.delete("chat");

        assertFalse(store.exists(segment));
        assertEquals(List.of(), log.window("chat"));
        assertEquals(List.of(), log.conversationIds());
        log.save("chat", Note.chat("bob", 1));
        assertEquals(Note.chat("bob", 1), log.window("chat"));
    }

    @Test
    void anEmptySaveOfAnUnknownConversation_createsNothing() {
        log.save("nobody", List.of());

        assertTrue(log.currentSegment("nobody").isEmpty());
        assertEquals(List.of(), log.window("nobody"));
    }

    @Test
    void anUnreadableWindowEntry_isCorruptData_atItsPosition() {
        log.save("chat", Note.chat("ann", 1));
        store.append(current(), new LogEntry.Extension(0, "test.window", RawJson.of("{\"ranges\":7}")));

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> logOn(store, "test").window("chat"));
        assertEquals(5, e.position());
        assertEquals(current(), e.segmentId().orElseThrow());
    }

    @Test
    void throughAChainedLog_theConversationIsHashChained_andVerifies() {
        SegmentLog chained = new SegmentLog(store).chained();
        ConversationLog<Note> log = new ConversationLog<>(chained, new Notes(), "test", 10);
        log.save("chat", Note.chat("ann", 2));
        log.save("chat", new ArrayList<>(log.window("chat").subList(2, 4)));

        assertTrue(chained.verify(current()).chained());
        assertEquals(List.of(), chained.verify(current()).breaks());
    }

    @Test
    void arguments_areChecked() {
        SegmentLog segmentLog = new SegmentLog(store);
        assertThrows(NullPointerException.class, () -> new ConversationLog<>(null, new Notes(), "test", 1));
        assertThrows(NullPointerException.class, () -> new ConversationLog<>(segmentLog, null, "test", 1));
        assertThrows(IllegalArgumentException.class, () -> new ConversationLog<>(segmentLog, new Notes(), "", 1));
        assertThrows(IllegalArgumentException.class, () -> new ConversationLog<>(segmentLog, new Notes(), "test", 0));
        assertThrows(NullPointerException.class, () -> log.window(null));
        assertThrows(NullPointerException.class, () -> log.save("chat", null));
        List<Note> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> log.save("chat", withNull));
        assertThrows(IllegalArgumentException.class, () -> new Decoded<>(Note.user("x"), 1, 1));
    }

    private SegmentId current() {
        return log.currentSegment("chat").orElseThrow();
    }

    private static ConversationLog<Note> logOn(SegmentStore store, String namespace) {
        return new ConversationLog<>(new SegmentLog(store), new Notes(), namespace, 10);
    }
}
