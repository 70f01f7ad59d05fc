package dev.segmentlog.store.sqlite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The read connections of a store. In WAL mode a reader sees the last committed state and is never
 * blocked by the writer, so reads get their own connections: as many as there are concurrent
 * readers, of which up to {@code maxIdle} are kept open for reuse.
 */
final class ReadHandles {
    private final Supplier<Handle> opener;
    private final int maxIdle;
    private final Deque<Handle> idle = new ArrayDeque<>();
    private boolean closed;

    ReadHandles(Supplier<Handle> opener, int maxIdle) {
        this.opener = opener;
        this.maxIdle = maxIdle;
    }

    /** An idle handle, or a new one; give it back with {@link #release}. */
    Handle acquire() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Handle handle = idle.pollFirst();
            if (handle != null) {
                return handle;
            }
        }
        return opener.get();
    }

    /** Keeps the handle for reuse, or closes it when enough are idle or the store is closed. */
    void release(Handle handle) {
        synchronized (this) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(handle);
                return;
            }
        }
        handle.close();
    }

    /** Closes the idle handles now; handles in use are closed when they are released. */
    void close() {
        List<Handle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        RuntimeException failure = null;
        for (Handle handle : toClose) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
