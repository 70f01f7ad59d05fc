/**
 * segmentlog as the chat memory of Spring AI: {@link dev.segmentlog.integration.springai.SegmentlogChatMemoryRepository},
 * a {@code ChatMemoryRepository} on any segmentlog store.
 *
 * <pre>{@code
 * @Bean(destroyMethod = "close")
 * SegmentStore segmentStore(@Value("${segmentlog.store-uri:sqlite:chat.db}") String uri) {
 *     return SegmentStores.open(uri);
 * }
 *
 * @Bean
 * ChatMemoryRepository chatMemoryRepository(SegmentStore segmentStore) {
 *     return SegmentlogChatMemoryRepository.of(segmentStore);
 * }
 * }</pre>
 *
 * <p>Spring Boot's chat-memory auto-configuration builds its {@code MessageWindowChatMemory} on the
 * {@code ChatMemoryRepository} bean it finds, so these two beans are the whole setup.
 *
 * <h2>Messages in the store</h2>
 * One conversation is one segmentlog session, found from the conversation id under a namespace
 * ({@code "spring-ai"} by default); how its ids are derived, how a windowed save appends only what
 * is new and how two writers fork instead of interleaving is described once, for every chat-memory
 * integration, in {@link dev.segmentlog.integration.chat}.
 *
 * <p>What Spring AI's messages become: a {@code UserMessage} a {@code user_input}; a
 * {@code SystemMessage} an {@code assistant_item} holding a system message; an
 * {@code AssistantMessage} an {@code assistant_item} with its text, then one {@code assistant_item}
 * tool call per tool call; a {@code ToolResponseMessage} one {@code tool_result} per response (call
 * id, tool name as summary, response data as content); a final answer (an assistant message without
 * tool calls) is followed by {@code turn_end}. Extension entries are named {@code spring-ai.conversation} and {@code spring-ai.window} (after
 * the namespace). Message metadata and media are not kept (as with Spring AI's JDBC repository).
 */
package dev.segmentlog.integration.springai;
