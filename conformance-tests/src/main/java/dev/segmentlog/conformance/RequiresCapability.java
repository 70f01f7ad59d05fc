package dev.segmentlog.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a clause (or a whole group of clauses) as needing a {@link Capability}. Such clauses are
 * optional: they are skipped, with a message naming the capability, for a store that lacks it.
 * Every clause without this annotation is mandatory.
 *
 * <p>Public so that an adapter's own tests in a subclass of {@link SegmentStoreConformanceTest} can
 * tie their clauses to a capability the same way:
 * <pre>{@code
 * @Test
 * @RequiresCapability(Capability.SECOND_INSTANCE)
 * void aLockHeldByOneInstanceIsSeenByTheOther() { ... store() ... secondStore() ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresCapability {
    /**
     * The capabilities the clause needs, all of them.
     *
     * @return the capabilities, not empty
     */
    Capability[] value();
}
