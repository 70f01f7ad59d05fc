/**
 * segmentlog as the conversation store of the agent frameworks, one runnable example each, on the
 * embedded default store ({@code sqlite:segmentlog.db} in the working directory) or the store whose
 * URI is the first argument: {@link dev.segmentlog.integration.examples.SpringAiChatMemoryExample}
 * (Spring AI's {@code MessageWindowChatMemory}),
 * {@link dev.segmentlog.integration.examples.Langchain4jChatMemoryExample} (LangChain4j's
 * {@code MessageWindowChatMemory} through a {@code ChatMemoryProvider}) and
 * {@link dev.segmentlog.integration.examples.AdkSessionExample} (a Google ADK {@code Runner} with an
 * agent and a tool). Each run adds one turn to the conversation the previous runs stored and prints
 * what the framework and the store hold; no model is called over the network.
 */
package dev.segmentlog.integration.examples;
