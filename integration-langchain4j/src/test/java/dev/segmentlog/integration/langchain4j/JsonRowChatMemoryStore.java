package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent {@link ChatMemoryStore} LangChain4j's documentation shows: one row per memory holding
 * the JSON of all its messages ({@link ChatMessageSerializer#messagesToJson}), rewritten on every
 * update. The stock baseline of {@link ChatMemoryBenchmark}, on one SQLite connection.
 */
final class JsonRowChatMemoryStore implements ChatMemoryStore {
    private final Connection connection;

    JsonRowChatMemoryStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement schema = connection.createStatement()) {
            schema.execute("CREATE TABLE IF NOT EXISTS chat_memory (id TEXT PRIMARY KEY, messages TEXT NOT NULL)");
        }
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        try (PreparedStatement select = connection.prepareStatement("SELECT messages FROM chat_memory WHERE id = ?")) {
            select.setString(1, memoryId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ChatMessageDeserializer.messagesFromJson(row.getString(1)) : new ArrayList<>();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO chat_memory (id, messages) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET messages = excluded.messages")) {
            upsert.setString(1, memoryId.toString());
            upsert.setString(2, ChatMessageSerializer.messagesToJson(messages));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM chat_memory WHERE id = ?")) {
            delete.setString(1, memoryId.toString());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
