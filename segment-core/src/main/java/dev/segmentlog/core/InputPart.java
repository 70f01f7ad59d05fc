package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;

/**
 * One typed part of what a user submitted: text, a paste, a file reference, a flow request, or a
 * part of a kind this version does not know. Each known part keeps the {@link UnknownFields} it
 * was read with.
 */
public sealed interface InputPart {

    /** The largest paste id, character count and line count: they are unsigned 32-bit numbers on the wire. */
    long MAX_U32 = 0xFFFF_FFFFL;

    /** How this part reads in the flattened user message. */
    String flatten();

    /**
     * The text of the user message these parts make, as the original runtime flattens them today:
     * text and paste give their content, a file reference {@code @path}, a flow request
     * {@code [Flow: selector]}; knowledge references, workflow invocations and parts of unknown
     * kinds give nothing (the runtime no longer knows them and drops them from the message).
     *
     * @throws NullPointerException if {@code parts} is or holds null
     */
    static String flatten(List<? extends InputPart> parts) {
        StringBuilder text = new StringBuilder();
        for (InputPart part : parts) {
            text.append(part.flatten());
        }
        return text.toString();
    }

    /** @param content typed text @param unknown members this version does not know */
    record Text(String content, UnknownFields unknown) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public Text {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A text part without unknown members. */
        public Text(String content) {
            this(content, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return content;
        }
    }

    /**
     * A block of pasted text, shown collapsed to the user.
     *
     * @param id      the paste's number within the input, 0 to {@link #MAX_U32}
     * @param chars   its length in characters, 0 to {@link #MAX_U32}
     * @param lines   its length in lines, 0 to {@link #MAX_U32}
     * @param content the pasted text
     * @param unknown members this version does not know
     */
    record Paste(long id, long chars, long lines, String content, UnknownFields unknown) implements InputPart {
        /**
         * @throws NullPointerException     if {@code content} or {@code unknown} is null
         * @throws IllegalArgumentException if a number is negative or above {@link #MAX_U32}
         */
        public Paste {
            requireU32(id, "paste id");
            requireU32(chars, "paste chars");
            requireU32(lines, "paste lines");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A paste without unknown members. */
        public Paste(long id, long chars, long lines, String content) {
            this(id, chars, lines, content, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return content;
        }
    }

    /**
     * A paste whose id is a string, as segmentlog wrote pastes before it followed the original
     * runtime's numeric ids. It is read, replayed like a {@link Paste}, and written back exactly as
     * it was (so the hash chains over such entries still verify), but the original runtime cannot
     * read it: new entries use {@link Paste}.
     *
     * @param id      the paste's id, a string
     * @param chars   its length in characters
     * @param lines   its length in lines
     * @param content the pasted text
     * @param unknown members this version does not know
     * @deprecated write {@link Paste}, whose numeric id every reader of the format understands
     */
    @Deprecated
    record PasteWithTextId(String id, long chars, long lines, String content, UnknownFields unknown)
            implements InputPart {
        /**
         * @throws NullPointerException     if a reference is null
         * @throws IllegalArgumentException if {@code chars} or {@code lines} is negative
         */
        public PasteWithTextId {
            Objects.requireNonNull(id, "id");
            if (chars < 0 || lines < 0) {
                throw new IllegalArgumentException("paste chars and lines must not be negative: " + chars + ", " + lines);
            }
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(unknown, "unknown");
        }

        @Override
        public String flatten() {
            return content;
        }
    }

    /** @param path a file the user referenced @param unknown members this version does not know */
    record FileRef(String path, UnknownFields unknown) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public FileRef {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A file reference without unknown members. */
        public FileRef(String path) {
            this(path, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return "@" + path;
        }
    }

    /**
     * A request to start a flow before the input is committed.
     *
     * @param selector which flow, as the user named it
     * @param unknown  members this version does not know
     */
    record Flow(String selector, UnknownFields unknown) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public Flow {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A flow request without unknown members. */
        public Flow(String selector) {
            this(selector, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return "[Flow: " + selector + "]";
        }
    }

    /**
     * A knowledge entry the user referenced. The original runtime no longer knows this kind, so it
     * flattens to nothing.
     *
     * @param slug    the entry
     * @param unknown members this version does not know
     */
    record KnowledgeRef(String slug, UnknownFields unknown) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public KnowledgeRef {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A knowledge reference without unknown members. */
        public KnowledgeRef(String slug) {
            this(slug, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return "";
        }
    }

    /**
     * A workflow the user invoked. The original runtime no longer knows this kind, so it flattens
     * to nothing.
     *
     * @param slug    the workflow
     * @param unknown members this version does not know
     */
    record WorkflowInvoke(String slug, UnknownFields unknown) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public WorkflowInvoke {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A workflow invocation without unknown members. */
        public WorkflowInvoke(String slug) {
            this(slug, UnknownFields.NONE);
        }

        @Override
        public String flatten() {
            return "";
        }
    }

    /**
     * A part of a kind this version does not know, kept whole so a round trip loses nothing. It
     * flattens to nothing, as in the original runtime (which writes such a part back as
     * {@code {"kind":"unknown"}}).
     *
     * @param kind     its {@code kind} tag
     * @param original the whole part as it was read, {@code kind} included
     */
    record Unknown(String kind, RawJson original) implements InputPart {
        /** @throws NullPointerException if an argument is null */
        public Unknown {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(original, "original");
        }

        @Override
        public String flatten() {
            return "";
        }
    }

    private static void requireU32(long value, String name) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(name + " must be between 0 and " + MAX_U32 + ": " + value);
        }
    }
}
