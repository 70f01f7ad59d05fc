package dev.segmentlog.store.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every HTTP request a store sends (each attempt, retries included) as "METHOD /path". */
final class RequestCounter implements ExecutionInterceptor {
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.add(context.httpRequest().method().name() + " " + context.httpRequest().encodedPath());
    }

    void reset() {
        requests.clear();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String method) {
        return requests.stream().filter(request -> request.startsWith(method + " ")).count();
    }

    long count(String method, String pathPart) {
        return requests.stream().filter(request -> request.startsWith(method + " ") && request.contains(pathPart))
                .count();
    }
}
