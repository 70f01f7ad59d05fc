package dev.segmentlog.store.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records every HTTP request a store sends (each attempt, retries included) as "METHOD /path", with
 * "?query" for a LIST (a GET of the bucket itself).
 */
final class RequestCounter implements ExecutionInterceptor {
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        String query = request.firstMatchingRawQueryParameter("list-type").isPresent()
                ? "?" + request.encodedQueryParameters().orElse("") : "";
        requests.add(request.method().name() + " " + request.encodedPath() + query);
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

    /** The LIST requests: GETs with a {@code list-type} query. */
    List<String> lists() {
        return requests.stream().filter(request -> request.contains("list-type=")).toList();
    }

    long count(String method, String pathPart) {
        return requests.stream().filter(request -> request.startsWith(method + " ") && request.contains(pathPart))
                .count();
    }
}
