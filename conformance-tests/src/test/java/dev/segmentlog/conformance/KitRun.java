package dev.segmentlog.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs the kit for one concrete subclass through the JUnit Platform Launcher and keeps what happened. */
final class KitRun {
    private static final Pattern CLAUSE_ID = Pattern.compile("^\\[(C-[A-Z][A-Z0-9]*-\\d{2})]");

    /** Per clause id: how it ended. */
    final Map<String, TestExecutionResult> clauses = new ConcurrentHashMap<>();
    /** Containers (classes, nested groups) that failed, with their error message. */
    final Map<String, String> failedContainers = new LinkedHashMap<>();
    final TestExecutionSummary summary;

    private KitRun(TestExecutionSummary summary, Map<String, TestExecutionResult> clauses, Map<String, String> failedContainers) {
        this.summary = summary;
        this.clauses.putAll(clauses);
        this.failedContainers.putAll(failedContainers);
    }

    /** Runs the whole kit against {@code kit}. */
    static KitRun of(Class<? extends SegmentStoreConformanceTest> kit) {
        return run(selectClass(kit));
    }

    /** Runs one group of clauses against {@code kit}. */
    static KitRun of(Class<? extends SegmentStoreConformanceTest> kit, Class<?> group) {
        return run(selectNestedClass(List.of(kit), group));
    }

    /** Runs one clause of a group against {@code kit}. */
    static KitRun ofClause(Class<? extends SegmentStoreConformanceTest> kit, Class<?> group, String clauseId) {
        Method clause = clausesOf(group).stream()
                .filter(method -> clauseId.equals(clauseId(method.getAnnotation(DisplayName.class).value())))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(clauseId + " is no clause of " + group.getSimpleName()));
        return run(selectNestedMethod(List.of(kit), group, clause.getName()));
    }

    private static KitRun run(DiscoverySelector selector) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selector).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Map<String, TestExecutionResult> clauses = new ConcurrentHashMap<>();
        Map<String, String> failedContainers = new LinkedHashMap<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    clauses.put(clauseId(id.getDisplayName()), result);
                } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    synchronized (failedContainers) {
                        failedContainers.put(id.getDisplayName(), result.getThrowable().map(Throwable::getMessage).orElse(""));
                    }
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    clauses.put(clauseId(id.getDisplayName()), TestExecutionResult.aborted(new IllegalStateException(reason)));
                }
            }
        };
        launcher.execute(request, summary, recorder);
        return new KitRun(summary.getSummary(), clauses, failedContainers);
    }

    /** The clauses of a group of the kit: the {@code @Test} methods of its clause file. */
    static List<Method> clausesOf(Class<?> group) {
        List<Method> clauses = new ArrayList<>();
        for (Class<?> type = group; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    clauses.add(method);
                }
            }
        }
        return clauses;
    }

    static String clauseId(String displayName) {
        Matcher matcher = CLAUSE_ID.matcher(displayName);
        return matcher.find() ? matcher.group(1) : displayName;
    }

    List<String> failed() {
        return withStatus(TestExecutionResult.Status.FAILED);
    }

    List<String> succeeded() {
        return withStatus(TestExecutionResult.Status.SUCCESSFUL);
    }

    List<String> aborted() {
        return withStatus(TestExecutionResult.Status.ABORTED);
    }

    /** Why a clause failed or was skipped. */
    Optional<String> reason(String clauseId) {
        TestExecutionResult result = clauses.get(clauseId);
        return result == null ? Optional.empty() : result.getThrowable().map(Throwable::getMessage);
    }

    private List<String> withStatus(TestExecutionResult.Status status) {
        return clauses.entrySet().stream().filter(e -> e.getValue().getStatus() == status).map(Map.Entry::getKey)
                .sorted().collect(Collectors.toCollection(ArrayList::new));
    }

    /** What happened, for assertion messages. */
    String describe() {
        StringBuilder text = new StringBuilder("succeeded ").append(succeeded()).append(", aborted ").append(aborted())
                .append(", failed:");
        failed().forEach(id -> text.append("\n  ").append(id).append(": ").append(reason(id).orElse("")));
        failedContainers.forEach((name, message) -> text.append("\n  container ").append(name).append(": ").append(message));
        return text.toString();
    }
}
