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
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface RequiresCapability {
    Capability[] value();
}
