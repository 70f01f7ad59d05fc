package dev.segmentlog.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A store URI, {@code scheme:location?option=value&...}: {@code jsonl:/var/lib/agent/logs},
 * {@code sqlite:./agent.db?durability=full}, {@code s3://bucket/prefix?region=us-east-1}.
 *
 * <p>The location is everything between the first {@code :} and the first {@code ?}, as written;
 * option values are percent-decoded. {@link #toString()} redacts the values of options whose
 * names suggest a secret, so a URI can be put in a message or a log.
 */
public final class StoreUri {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|token|key).*");

    private final String scheme;
    private final String location;
    private final Map<String, String> options;

    private StoreUri(String scheme, String location, Map<String, String> options) {
        this.scheme = scheme;
        this.location = location;
        this.options = Collections.unmodifiableMap(options);
    }

    /**
     * Parses a store URI.
     *
     * @throws InvalidStoreUriException if it has no scheme, an empty location, or a repeated or
     *                                  empty option name
     * @throws NullPointerException     if {@code uri} is null
     */
    public static StoreUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new InvalidStoreUriException(redact(uri), "expected scheme:location, e.g. "
                    + "sqlite:./agent.db, jsonl:/var/lib/agent/logs or s3://bucket/prefix");
        }
        int question = uri.indexOf('?', colon);
        String location = question < 0 ? uri.substring(colon + 1) : uri.substring(colon + 1, question);
        if (location.isEmpty()) {
            throw new InvalidStoreUriException(redact(uri), "the location after '" + scheme + ":' is empty");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0 && question + 1 < uri.length()) {
            for (String pair : uri.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), uri);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), uri);
                if (name.isEmpty()) {
                    throw new InvalidStoreUriException(redact(uri), "an option has no name");
                }
                if (options.put(name, value) != null) {
                    throw new InvalidStoreUriException(redact(uri), "option '" + name + "' is given twice");
                }
            }
        }
        return new StoreUri(scheme, location, options);
    }

    /** The scheme, lowercase. */
    public String scheme() {
        return scheme;
    }

    /** Everything between the scheme's {@code :} and the {@code ?}, as written. */
    public String location() {
        return location;
    }

    /** The options, in the order written. */
    public Map<String, String> options() {
        return options;
    }

    /** The value of one option, if given. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** The name of the option that opens a store read-only ({@code mode=ro}) or read-write ({@code mode=rw}, the default). */
    public static final String MODE = "mode";

    /**
     * Whether the URI asks for a read-only store: {@code mode=ro}. A provider that honours it opens
     * the store without writing anything (no schema, no lock files, no missing file or directory
     * created) and refuses writes with {@link ReadOnlyStoreException}.
     *
     * @throws InvalidStoreUriException if {@code mode} is neither {@code ro} nor {@code rw}
     */
    public boolean readOnly() {
        return choice(MODE, Set.of("ro", "rw"), "rw").equals("ro");
    }

    /** This URI with {@code mode=ro}. */
    public StoreUri withReadOnly() {
        Map<String, String> readOnly = new LinkedHashMap<>(options);
        readOnly.put(MODE, "ro");
        return new StoreUri(scheme, location, readOnly);
    }

    /**
     * Checks that every option is one of {@code known}.
     *
     * @throws InvalidStoreUriException naming the unknown options and the known ones
     */
    public void requireKnownOptions(Set<String> known) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + " for scheme '" + scheme + "'; known options are " + new TreeSet<>(known));
        }
    }

    /**
     * The value of an option that must be one of {@code allowed}, or {@code fallback} when absent.
     *
     * @throws InvalidStoreUriException naming the allowed values when the option has another one
     */
    public String choice(String name, Set<String> allowed, String fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw invalid("option " + name + "=" + (isSecret(name) ? "***" : value)
                    + " is not one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    /** An {@link InvalidStoreUriException} about this URI (redacted). */
    public InvalidStoreUriException invalid(String reason) {
        return new InvalidStoreUriException(toString(), reason);
    }

    /**
     * The location with the password of a user-info part ({@code //user:password@host}) replaced by
     * {@code ***}: the form to put in messages.
     */
    public String redactedLocation() {
        return redactUserInfo(location);
    }

    /**
     * The URI with the password of its user-info and the values of secret-looking options replaced
     * by {@code ***}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(scheme).append(':').append(redactedLocation());
        char separator = '?';
        for (Map.Entry<String, String> option : options.entrySet()) {
            text.append(separator).append(option.getKey()).append('=')
                    .append(isSecret(option.getKey()) ? "***" : option.getValue());
            separator = '&';
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreUri uri && scheme.equals(uri.scheme) && location.equals(uri.location)
                && options.equals(uri.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, location, options);
    }

    private static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static String decode(String text, String uri) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidStoreUriException(redact(uri), "bad percent-encoding in '" + text + "'");
        }
    }

    /** Best-effort redaction of a URI that did not parse: drops the query entirely and the user-info's password. */
    private static String redact(String uri) {
        int question = uri.indexOf('?');
        String beforeQuery = question < 0 ? uri : uri.substring(0, question) + "?…";
        int colon = beforeQuery.indexOf(':');
        return colon < 0 ? beforeQuery : beforeQuery.substring(0, colon + 1) + redactUserInfo(beforeQuery.substring(colon + 1));
    }

    /** {@code //user:password@host/…} becomes {@code //user:***@host/…}; anything else is returned as it is. */
    private static String redactUserInfo(String location) {
        if (!location.startsWith("//")) {
            return location;
        }
        int slash = location.indexOf('/', 2);
        int authorityEnd = slash < 0 ? location.length() : slash;
        int at = location.lastIndexOf('@', authorityEnd - 1);
        if (at < 2) {
            return location;
        }
        int colon = location.indexOf(':', 2);
        int userEnd = colon >= 0 && colon < at ? colon : at;
        return location.substring(0, userEnd) + ":***" + location.substring(at);
    }
}
