package dev.segmentlog.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens stores by URI, like {@code DriverManager.getConnection}: the provider is picked by the
 * URI's scheme among the providers registered with {@link #register} and those found by
 * {@link ServiceLoader} on the class path or module path.
 *
 * <pre>{@code
 * try (SegmentStore store = SegmentStores.open("sqlite:./agent.db")) { ... }
 * }</pre>
 */
public final class SegmentStores {

    /**
     * The embedded default store: a SQLite file named {@code segmentlog.db} in the working
     * directory. Needs the {@code store-sqlite} adapter on the class path.
     */
    public static final String DEFAULT_URI = "sqlite:segmentlog.db";

    private static final List<SegmentStoreProvider> REGISTERED = new CopyOnWriteArrayList<>();

    private SegmentStores() {}

    /**
     * Opens the store a URI names.
     *
     * @throws InvalidStoreUriException if the URI is malformed, no installed provider handles its
     *                                  scheme (the message lists the installed schemes), or the
     *                                  provider refuses its location or options
     * @throws BackendException         if the backend cannot be opened
     * @throws NullPointerException     if {@code uri} is null
     */
    public static SegmentStore open(String uri) {
        return open(StoreUri.parse(uri));
    }

    /**
     * Opens the store a URI names for reading only: the URI gets {@code mode=ro}, which the provider
     * honours by opening without writing anything (each adapter documents what that means for it and
     * what a read-only reader may see while another process writes), and every write through the
     * returned store is refused with {@link ReadOnlyStoreException}. For operators inspecting a backup,
     * a snapshot or a read-only mount.
     *
     * @throws InvalidStoreUriException as {@link #open(String)}, or if the provider does not know {@code mode}
     * @throws BackendException         if the store cannot be opened; a store that does not exist is not created
     * @throws NullPointerException     if {@code uri} is null
     */
    public static SegmentStore openReadOnly(String uri) {
        StoreUri parsed = StoreUri.parse(uri).withReadOnly();
        return new ReadOnlySegmentStore(open(parsed), parsed.toString());
    }

    private static SegmentStore open(StoreUri parsed) {
        Discovery discovery = discover();
        for (SegmentStoreProvider provider : discovery.providers) {
            if (provider.schemes().contains(parsed.scheme())) {
                return provider.open(parsed);
            }
        }
        StringBuilder reason = new StringBuilder("no store provider for scheme '").append(parsed.scheme())
                .append("': installed schemes are ").append(schemes(discovery.providers))
                .append("; add the adapter jar to the class path");
        for (String failure : discovery.failures) {
            reason.append("; a provider failed to load: ").append(failure);
        }
        throw parsed.invalid(reason.toString());
    }

    /**
     * Opens the embedded default store, {@link #DEFAULT_URI}.
     *
     * @throws InvalidStoreUriException if the SQLite adapter is not installed
     * @throws BackendException         if the file cannot be opened
     */
    public static SegmentStore openDefault() {
        return open(DEFAULT_URI);
    }

    /** The schemes of every provider that can be found now, sorted. */
    public static Set<String> installedSchemes() {
        return schemes(discover().providers);
    }

    /**
     * Registers a provider explicitly, next to those {@link ServiceLoader} finds; registered
     * providers are asked first.
     *
     * @throws NullPointerException if {@code provider} is null
     */
    public static void register(SegmentStoreProvider provider) {
        REGISTERED.add(Objects.requireNonNull(provider, "provider"));
    }

    private static Set<String> schemes(List<SegmentStoreProvider> providers) {
        Set<String> schemes = new TreeSet<>();
        providers.forEach(provider -> schemes.addAll(provider.schemes()));
        return schemes;
    }

    private record Discovery(List<SegmentStoreProvider> providers, List<String> failures) {}

    /** One provider that fails to load is noted and skipped; it does not hide the others. */
    private static Discovery discover() {
        List<SegmentStoreProvider> providers = new ArrayList<>(REGISTERED);
        List<String> failures = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<SegmentStoreProvider> found = ServiceLoader.load(SegmentStoreProvider.class,
                loader != null ? loader : SegmentStores.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                providers.add(found.next());
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
            }
        }
        return new Discovery(providers, failures);
    }
}
