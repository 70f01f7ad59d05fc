package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;

/** One typed part of what a user submitted: text, a paste, or a reference the runtime expands. */
public sealed interface InputPart {

    /** How this part reads in the flattened user message. */
    String flatten();

    /**
     * The text of the user message these parts make: text and paste give their content, a file
     * reference {@code @path}, a knowledge reference {@code #slug}, a workflow {@code /slug}, and an
     * unknown part {@code [unknown input segment]}.
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

    /** @param content typed text */
    record Text(String content) implements InputPart {
        /** @throws NullPointerException if {@code content} is null */
        public Text {
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String flatten() {
            return content;
        }
    }

    /**
     * A block of pasted text, shown collapsed to the user.
     *
     * @param id      the paste's id within the input
     * @param chars   its length in characters
     * @param lines   its length in lines
     * @param content the pasted text
     */
    record Paste(String id, long chars, long lines, String content) implements InputPart {
        /**
         * @throws NullPointerException     if {@code id} or {@code content} is null
         * @throws IllegalArgumentException if {@code chars} or {@code lines} is negative
         */
        public Paste {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(content, "content");
            if (chars < 0 || lines < 0) {
                throw new IllegalArgumentException("paste chars and lines must not be negative: " + chars + ", " + lines);
            }
        }

        @Override
        public String flatten() {
            return content;
        }
    }

    /** @param path a file the user referenced */
    record FileRef(String path) implements InputPart {
        /** @throws NullPointerException if {@code path} is null */
        public FileRef {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String flatten() {
            return "@" + path;
        }
    }

    /** @param slug a knowledge entry the user referenced */
    record KnowledgeRef(String slug) implements InputPart {
        /** @throws NullPointerException if {@code slug} is null */
        public KnowledgeRef {
            Objects.requireNonNull(slug, "slug");
        }

        @Override
        public String flatten() {
            return "#" + slug;
        }
    }

    /** @param slug a workflow the user invoked */
    record WorkflowInvoke(String slug) implements InputPart {
        /** @throws NullPointerException if {@code slug} is null */
        public WorkflowInvoke {
            Objects.requireNonNull(slug, "slug");
        }

        @Override
        public String flatten() {
            return "/" + slug;
        }
    }

    /**
     * A part of a kind this version does not know, kept whole so a round trip loses nothing.
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
            return "[unknown input segment]";
        }
    }
}
