/**
 * segmentlog as the chat memory store of LangChain4j: {@link dev.segmentlog.integration.langchain4j.SegmentlogChatMemoryStore},
 * a {@code ChatMemoryStore} on any segmentlog store.
 *
 * <pre>{@code
 * SegmentlogChatMemoryStore store = SegmentlogChatMemoryStore.of(SegmentStores.open("sqlite:chat.db"));
 * ChatMemoryProvider memories = id -> MessageWindowChatMemory.builder()
 *         .id(id).maxMessages(20).chatMemoryStore(store).build();
 * }</pre>
 *
 * <h2>Messages in the store</h2>
 * One chat memory is one segmentlog session, found from the memory id's {@code toString()} under a
 * namespace ({@code "langchain4j"} by default); how its ids are derived, how a windowed update
 * appends only what is new and how two writers fork instead of interleaving is described once, for
 * every chat-memory integration, in {@link dev.segmentlog.integration.chat}. What LangChain4j's
 * messages become:
 * <ul>
 *   <li>a {@code UserMessage} of one text: {@code user_input} (of several texts: an
 *       {@code assistant_item} holding a user message with those parts); a {@code SystemMessage}: an
 *       {@code assistant_item} holding a system message; an {@code AiMessage}: its thinking as a
 *       reasoning {@code assistant_item}, its text as an assistant message, then one
 *       {@code assistant_item} tool call per tool execution request; a
 *       {@code ToolExecutionResultMessage}: a {@code tool_result} (id, tool name as summary, text as
 *       content, error flag); after a final answer (an AI message without tool requests):
 *       {@code turn_end};</li>
 *   <li>a message these items do not give back exactly (images, a user name, attributes, ...) is
 *       also kept in full, as LangChain4j's own JSON, in a {@code langchain4j.message} extension
 *       beside its items.</li>
 * </ul>
 * The other extension entries are {@code langchain4j.conversation} and {@code langchain4j.window}
 * (after the namespace).
 */
package dev.segmentlog.integration.langchain4j;
