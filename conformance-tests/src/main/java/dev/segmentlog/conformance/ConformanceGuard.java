package dev.segmentlog.conformance;

import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;

/**
 * The kit's bookkeeping, registered on {@link SegmentStoreConformanceTest} and so inherited by its
 * {@code @Nested} groups.
 *
 * <ul>
 *   <li>Before each clause: skips (a JUnit assumption, so the clause is reported as aborted) a clause
 *       that needs a {@link Capability} the store lacks, naming every lacking capability it needs. This
 *       runs before the store is opened.</li>
 *   <li>When a clause fails: its message starts with the clause id ({@code [C-COND-05] …}), so Surefire's
 *       console and reports show it, and names the capabilities the clause needs. When the store threw
 *       {@link UnsupportedOperationException} or {@link UnsupportedCapabilityException} for a capability
 *       it does not declare lacking, the first such clause fails with one message naming the capability
 *       to declare in {@code unsupported()}, and every later clause needing it is skipped pointing at
 *       that one: one clear failure, not one per clause.</li>
 *   <li>After each clause: counts mandatory clauses (no {@link RequiresCapability}) that ran — passed or
 *       failed — and those that did not (aborted or disabled), in the store of the top-level class's
 *       context, which every nested group shares.</li>
 *   <li>After the top-level class (after all nested groups): fails the run if mandatory clauses were
 *       selected and not one of them ran. A kit whose every clause is skipped (a store that cannot be
 *       opened and aborts, a capability list that claims everything) must not look green.</li>
 * </ul>
 */
final class ConformanceGuard implements BeforeEachCallback, TestExecutionExceptionHandler, TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceGuard.class);
    private static final Pattern CLAUSE_ID = Pattern.compile("^\\[([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)]");

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
        for (Capability capability : needed) {
            String failedFirst = tally(context).undeclared.get(capability);
            Assumptions.assumeTrue(failedFirst == null, () -> skippedAfter(capability, failedFirst));
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException) {
            throw thrown;
        }
        Set<Capability> needed = requiredCapabilities(context);
        String id = clauseId(context.getDisplayName()).orElse(context.getDisplayName());
        Optional<Capability> undeclared = undeclaredCapability(thrown, needed, kitInstance(context));
        if (undeclared.isPresent()) {
            Capability capability = undeclared.get();
            String failedFirst = tally(context).undeclared.putIfAbsent(capability, id);
            if (failedFirst != null) {
                throw new TestAbortedException(skippedAfter(capability, failedFirst), thrown);
            }
            throw withClauseId(context, "the store threw " + refusalIn(thrown) + ": it lacks capability " + capability
                    + " but does not declare it. Declare it: @Override protected Set<Capability> unsupported() { return Set.of(Capability."
                    + capability + "); } (with any other capability it lacks), and the kit skips the clauses that need it,"
                    + " saying why. The other clauses needing " + capability + " are skipped in this run.", thrown);
        }
        String what = thrown instanceof AssertionError ? String.valueOf(thrown.getMessage()) : "the store threw " + thrown;
        if (!needed.isEmpty()) {
            what += " (this clause needs " + needed.stream().map(c -> "capability " + c).collect(Collectors.joining(" and "))
                    + ": a store that lacks it lists it in unsupported())";
        }
        throw withClauseId(context, what, thrown);
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

    /**
     * The capability the store refused without declaring it lacking: found from the refusal
     * ({@link UnsupportedOperationException} or {@link UnsupportedCapabilityException}) in
     * {@code thrown}, by the port method that threw it, else by the kind of refusal, else by what the
     * clause needs; empty for any other failure.
     */
    static Optional<Capability> undeclaredCapability(Throwable thrown, Set<Capability> needed, SegmentStoreConformanceTest kit) {
        Throwable refusal = refusalIn(thrown);
        if (refusal == null) {
            return Optional.empty();
        }
        Optional<Capability> capability = Optional.empty();
        for (StackTraceElement frame : refusal.getStackTrace()) {
            capability = switch (frame.getMethodName()) {
                case "appendTrace", "readTrace" -> Optional.of(Capability.TRACE);
                case "deleteSession" -> Optional.of(Capability.DELETE_SESSION);
                default -> Optional.empty();
            };
            if (capability.isPresent()) {
                break;
            }
        }
        if (capability.isEmpty() && refusal instanceof UnsupportedCapabilityException) {
            capability = Optional.of(Capability.HASH_CHAIN); // the port refuses only chain fields with it
        }
        if (capability.isEmpty()) {
            // the hooks' capabilities are not declared but enabled by overriding: a refusal does not point at them
            Set<Capability> declarable = EnumSet.noneOf(Capability.class);
            declarable.addAll(needed);
            declarable.removeAll(SegmentStoreConformanceTest.HOOKS.keySet());
            capability = declarable.size() == 1 ? declarable.stream().findFirst() : Optional.empty();
        }
        return capability.filter(c -> kit.whyLacking(c).isEmpty());
    }

    /** The first refusal among {@code thrown}, its causes and, for {@code assertAll}, each of its failures; null if none. */
    private static Throwable refusalIn(Throwable thrown) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(thrown));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable next = pending.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof UnsupportedOperationException || next instanceof UnsupportedCapabilityException) {
                return next;
            }
            if (next instanceof MultipleFailuresError failures) {
                pending.addAll(failures.getFailures());
            }
            if (next.getCause() != null) {
                pending.addLast(next.getCause());
            }
        }
        return null;
    }

    /** The clause id a display name starts with ({@code [C-COND-05] …}), if it has one. */
    static Optional<String> clauseId(String displayName) {
        Matcher matcher = CLAUSE_ID.matcher(displayName);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String skippedAfter(Capability capability, String failedFirst) {
        return "skipped: the store lacks capability " + capability + " without declaring it in unsupported(): see the failure of ["
                + failedFirst + "]";
    }

    /**
     * {@code thrown} as a failure whose message starts with the clause id (for a clause that has one)
     * and says {@code what}; its stack trace is {@code thrown}'s, so reports point at the same line, and
     * an assertion's expected and actual values are kept.
     */
    private static AssertionFailedError withClauseId(ExtensionContext context, String what, Throwable thrown) {
        String message = clauseId(context.getDisplayName()).map(id -> "[" + id + "] " + what).orElse(what);
        AssertionFailedError failure;
        if (thrown instanceof AssertionFailedError assertion && assertion.isExpectedDefined() && assertion.isActualDefined()) {
            failure = new AssertionFailedError(message, assertion.getExpected().getValue(), assertion.getActual().getValue(),
                    assertion.getCause());
        } else if (thrown instanceof AssertionFailedError assertion) {
            failure = new AssertionFailedError(message, assertion.getCause());
        } else {
            failure = new AssertionFailedError(message, thrown);
        }
        failure.setStackTrace(thrown.getStackTrace());
        for (Throwable suppressed : thrown.getSuppressed()) {
            failure.addSuppressed(suppressed);
        }
        return failure;
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
        /** A capability the store refused without declaring it, to the clause that failed for it first. */
        final ConcurrentMap<Capability, String> undeclared = new ConcurrentHashMap<>();
        final AtomicInteger mandatorySelected = new AtomicInteger();
        final AtomicInteger mandatoryRan = new AtomicInteger();
        final List<String> firstReason = new ArrayList<>(1);

        String summary() {
            return mandatoryRan.get() + " of " + mandatorySelected.get() + " mandatory clauses executed";
        }
    }
}
