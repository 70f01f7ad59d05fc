package dev.segmentlog.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the runtime injected into the conversation as a system message. Most kinds carry the
 * exact {@link #body()} the model saw; {@link #historyText()} is the text replay appends as a
 * system message, following the original runtime (which restores items of kinds it retired
 * differently from their body). Each known item keeps the {@link UnknownFields} it was read with.
 */
public sealed interface SystemItem {

    /** Nullable only for {@link Workflow} and {@link Unknown}: the exact text the model saw when the item was made. */
    String body();

    /**
     * The text of the system message replay appends for this item; empty only for an item of
     * unknown kind without a {@code body}, which cannot be replayed.
     */
    default Optional<String> historyText() {
        return Optional.of(body());
    }

    /**
     * How a prompt the runtime rendered from its configuration came about, so that a later reader
     * can tell which configuration produced the text.
     *
     * @param workspaceId      nullable: the workspace whose configuration was used
     * @param configRevision   the configuration's revision
     * @param sourceDigest     digest of the template source
     * @param projectionDigest digest of the rendered projection
     * @param logicalName      the template's name
     * @param unknown          members this version does not know
     */
    record PromptProvenance(String workspaceId, long configRevision, String sourceDigest, String projectionDigest,
                            String logicalName, UnknownFields unknown) {
        /**
         * @throws NullPointerException     if a non-nullable argument is null
         * @throws IllegalArgumentException if {@code configRevision} is negative
         */
        public PromptProvenance {
            if (configRevision < 0) {
                throw new IllegalArgumentException("config_revision must not be negative: " + configRevision);
            }
            Objects.requireNonNull(sourceDigest, "sourceDigest");
            Objects.requireNonNull(projectionDigest, "projectionDigest");
            Objects.requireNonNull(logicalName, "logicalName");
            Objects.requireNonNull(unknown, "unknown");
        }
    }

    /**
     * A notification an external caller sent in.
     *
     * @param message    the caller's text
     * @param body       what the model saw
     * @param provenance nullable: how the body's template came about
     * @param unknown    members this version does not know
     */
    record Notification(String message, String body, PromptProvenance provenance, UnknownFields unknown)
            implements SystemItem {
        /** @throws NullPointerException if a non-nullable argument is null */
        public Notification {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A notification without provenance or unknown members. */
        public Notification(String message, String body) {
            this(message, body, null, UnknownFields.NONE);
        }
    }

    /**
     * A lifecycle event a child worker reported.
     *
     * @param event      the event, any JSON
     * @param body       what the model saw
     * @param provenance nullable: how the body's template came about
     * @param unknown    members this version does not know
     */
    record WorkerEvent(RawJson event, String body, PromptProvenance provenance, UnknownFields unknown)
            implements SystemItem {
        /** @throws NullPointerException if a non-nullable argument is null */
        public WorkerEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A worker event without provenance or unknown members. */
        public WorkerEvent(RawJson event, String body) {
            this(event, body, null, UnknownFields.NONE);
        }
    }

    /**
     * A worker event under the name {@code pod_event} that runtimes wrote before the rename. It is
     * read, replayed like a {@link WorkerEvent}, and written back under its old name exactly as it
     * was (so the hash chains over such entries still verify); the original runtime no longer reads
     * that name, so new items use {@link WorkerEvent}.
     *
     * @param event   the event, any JSON
     * @param body    what the model saw
     * @param unknown members this version does not know
     * @deprecated write {@link WorkerEvent}
     */
    @Deprecated
    record PodEvent(RawJson event, String body, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public PodEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An item without unknown members. */
        public PodEvent(RawJson event, String body) {
            this(event, body, UnknownFields.NONE);
        }
    }

    /** @param path the attached file @param body what the model saw @param unknown members this version does not know */
    record FileAttachment(String path, String body, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public FileAttachment {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A file attachment without unknown members. */
        public FileAttachment(String path, String body) {
            this(path, body, UnknownFields.NONE);
        }
    }

    /** @param name the activated skill @param body what the model saw @param unknown members this version does not know */
    record SkillActivation(String name, String body, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public SkillActivation {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A skill activation without unknown members. */
        public SkillActivation(String name, String body) {
            this(name, body, UnknownFields.NONE);
        }
    }

    /**
     * A knowledge entry the runtime resolved. The original runtime retired knowledge and restores
     * such an item as an empty system message, so its archived text is not sent again.
     *
     * @param slug    the knowledge entry
     * @param body    what the model saw
     * @param unknown members this version does not know
     */
    record Knowledge(String slug, String body, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if an argument is null */
        public Knowledge {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A knowledge item without unknown members. */
        public Knowledge(String slug, String body) {
            this(slug, body, UnknownFields.NONE);
        }

        @Override
        public Optional<String> historyText() {
            return Optional.of("");
        }
    }

    /**
     * A workflow the runtime resolved. The original runtime retired workflows and restores such an
     * item as the note {@code Ignored legacy procedure item: /slug}, whatever its body.
     *
     * @param slug    the workflow
     * @param body    nullable: what the model saw, when recorded
     * @param unknown members this version does not know
     */
    record Workflow(String slug, String body, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if {@code slug} or {@code unknown} is null */
        public Workflow {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A workflow item without unknown members. */
        public Workflow(String slug, String body) {
            this(slug, body, UnknownFields.NONE);
        }

        @Override
        public Optional<String> historyText() {
            return Optional.of("Ignored legacy procedure item: /" + slug);
        }
    }

    /**
     * A reminder the runtime inserted before a model request (for instance, that task tools went
     * unused).
     *
     * @param source     nullable: the policy that produced it, such as {@code task_inactivity}
     *                   (absent in the first logs that had reminders)
     * @param body       what the model saw
     * @param provenance nullable: how the body's template came about
     * @param unknown    members this version does not know
     */
    record TaskReminder(String source, String body, PromptProvenance provenance, UnknownFields unknown)
            implements SystemItem {
        /** @throws NullPointerException if a non-nullable argument is null */
        public TaskReminder {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }
    }

    /**
     * The note inserted after an interrupted turn, before the next user input.
     *
     * @param body       what the model saw
     * @param provenance nullable: how the body's template came about
     * @param unknown    members this version does not know
     */
    record Interrupt(String body, PromptProvenance provenance, UnknownFields unknown) implements SystemItem {
        /** @throws NullPointerException if a non-nullable argument is null */
        public Interrupt {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(unknown, "unknown");
        }
    }

    /**
     * A system item of a kind this version does not know, kept whole. It replays as its body; one
     * without a body cannot be replayed.
     *
     * @param kind     its {@code kind} tag
     * @param body     nullable: its string {@code body} member, if it has one
     * @param original the whole item as it was read, {@code kind} included
     */
    record Unknown(String kind, String body, RawJson original) implements SystemItem {
        /** @throws NullPointerException if {@code kind} or {@code original} is null */
        public Unknown {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(original, "original");
        }

        @Override
        public Optional<String> historyText() {
            return Optional.ofNullable(body);
        }
    }
}
