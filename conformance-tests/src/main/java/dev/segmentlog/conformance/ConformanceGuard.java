package dev.segmentlog.conformance;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The kit's bookkeeping, registered on {@link SegmentStoreConformanceTest} and so inherited by its
 * {@code @Nested} groups.
 *
 * <ul>
 *   <li>Before each clause: skips (a JUnit assumption, so the clause is reported as aborted) a clause
 *       that needs a {@link Capability} the store lacks, naming every lacking capability it needs. This
 *       runs before the store is opened.</li>
 *   <li>After each clause: counts mandatory clauses (no {@link RequiresCapability}) that ran — passed or
 *       failed — and those that did not (aborted or disabled), in the store of the top-level class's
 *       context, which every nested group shares.</li>
 *   <li>After the top-level class (after all nested groups): fails the run if mandatory clauses were
 *       selected and not one of them ran. A kit whose every clause is skipped (a store that cannot be
 *       opened and aborts, a capability list that claims everything) must not look green.</li>
 * </ul>
 */
final class ConformanceGuard implements BeforeEachCallback, TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceGuard.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<Capability> needed = requiredCapabilities(context);
        if (needed.isEmpty()) {
            return;
        }
        SegmentStoreConformanceTest kit = kitInstance(context);
        List<String> lacking = new ArrayList<>();
        for (Capability capability : needed) {
            kit.whyLacking(capability).ifPresent(why -> lacking.add("capability " + capability + " (" + why + ")"));
        }
        // every lacking capability is named: a clause needing two is not blamed on the first alone
        Assumptions.assumeTrue(lacking.isEmpty(), () -> "skipped: the store lacks " + String.join(" and ", lacking));
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, true, null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, true, null);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, false, cause == null ? "aborted" : String.valueOf(cause.getMessage()));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, false, reason.orElse("disabled"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!isTopLevel(context)) {
            return; // a nested group: the verdict waits for the whole kit
        }
        Tally tally = tally(context);
        context.publishReportEntry("segmentlog.conformance", tally.summary());
        if (tally.mandatorySelected.get() > 0 && tally.mandatoryRan.get() == 0) {
            throw new AssertionError("no mandatory conformance clause executed: " + tally.summary()
                    + (tally.firstReason.isEmpty() ? "" : "; first reason: " + tally.firstReason.get(0))
                    + ". A store passes the kit only when its mandatory clauses run; check that openStore() works"
                    + " and that unsupported() lists only capabilities the store really lacks.");
        }
    }

    private static void record(ExtensionContext context, boolean ran, String reason) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty() || !isKitClause(method.get()) || !requiredCapabilities(context).isEmpty()) {
            return; // not a mandatory clause of the kit (an optional one, or a subclass's own test)
        }
        Tally tally = tally(context);
        tally.mandatorySelected.incrementAndGet();
        if (ran) {
            tally.mandatoryRan.incrementAndGet();
        } else {
            synchronized (tally.firstReason) {
                if (tally.firstReason.isEmpty()) {
                    tally.firstReason.add(reason);
                }
            }
        }
    }

    /** A clause of the kit: declared in one of its groups ({@link Clauses}), not in a subclass's own tests. */
    private static boolean isKitClause(Method method) {
        return Clauses.class.isAssignableFrom(method.getDeclaringClass());
    }

    /** The capabilities the clause needs: from the method and every enclosing group. */
    static Set<Capability> requiredCapabilities(ExtensionContext context) {
        Set<Capability> needed = EnumSet.noneOf(Capability.class);
        context.getTestMethod().ifPresent(method -> addFrom(method, needed));
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            addFrom(type, needed);
        }
        return needed;
    }

    private static void addFrom(AnnotatedElement element, Set<Capability> into) {
        RequiresCapability requires = element.getAnnotation(RequiresCapability.class);
        if (requires != null) {
            into.addAll(List.of(requires.value()));
        }
    }

    private static SegmentStoreConformanceTest kitInstance(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            if (instance instanceof SegmentStoreConformanceTest kit) {
                return kit;
            }
        }
        throw new IllegalStateException("no SegmentStoreConformanceTest instance for " + context.getDisplayName());
    }

    private static boolean isTopLevel(ExtensionContext context) {
        // the engine's context has no parent; a top-level class's context is its child
        return context.getParent().flatMap(ExtensionContext::getParent).isEmpty();
    }

    private static Tally tally(ExtensionContext context) {
        ExtensionContext top = context;
        while (!isTopLevel(top) && top.getParent().isPresent()) {
            top = top.getParent().get();
        }
        return top.getStore(NAMESPACE).getOrComputeIfAbsent(Tally.class, key -> new Tally(), Tally.class);
    }

    private static final class Tally {
        final AtomicInteger mandatorySelected = new AtomicInteger();
        final AtomicInteger mandatoryRan = new AtomicInteger();
        final List<String> firstReason = new ArrayList<>(1);

        String summary() {
            return mandatoryRan.get() + " of " + mandatorySelected.get() + " mandatory clauses executed";
        }
    }
}
