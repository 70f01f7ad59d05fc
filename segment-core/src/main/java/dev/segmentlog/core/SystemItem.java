package dev.segmentlog.core;

import java.util.Objects;

/**
 * Something the runtime injected into the conversation as a system message. Every kind carries
 * the exact {@link #body()} the model saw; replay appends that body as a system message.
 */
public sealed interface SystemItem {

    /** The exact text the model saw. */
    String body();

    /** @param message the notification @param body what the model saw */
    record Notification(String message, String body) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public Notification {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(body, "body");
        }
    }

    /** @param event the event, any JSON @param body what the model saw */
    record PodEvent(RawJson event, String body) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public PodEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(body, "body");
        }
    }

    /** @param path the attached file @param body what the model saw */
    record FileAttachment(String path, String body) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public FileAttachment {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(body, "body");
        }
    }

    /** @param slug the knowledge entry @param body what the model saw */
    record Knowledge(String slug, String body) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public Knowledge {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(body, "body");
        }
    }

    /** @param slug the workflow @param body what the model saw */
    record Workflow(String slug, String body) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public Workflow {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A system item of a kind this version does not know. It still replays as its body.
     *
     * @param kind     its {@code kind} tag
     * @param body     what the model saw
     * @param original the whole item as it was read, {@code kind} included
     */
    record Unknown(String kind, String body, RawJson original) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public Unknown {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(original, "original");
        }
    }
}
