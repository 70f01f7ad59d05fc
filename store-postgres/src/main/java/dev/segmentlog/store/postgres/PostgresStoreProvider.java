package dev.segmentlog.store.postgres;

import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Opens {@link PostgresSegmentStore}s for {@code postgresql:} URIs, written as libpq writes them:
 * {@code postgresql://[user[:password]@][host][:port][/database][?option=value&…]}, e.g.
 * {@code postgresql://agent@db.internal/agents?schema=support_bot}. Percent-encode a {@code @},
 * {@code :} or {@code /} in the user or password. An IPv6 address goes in brackets.
 *
 * <p>What the URI leaves out comes from the standard environment variables, as with {@code psql}:
 * {@code PGHOST} (else {@code localhost}), {@code PGPORT} (else 5432), {@code PGUSER} (else the
 * operating-system user), {@code PGPASSWORD} and {@code PGDATABASE} (else the user's name). Keeping
 * the password in {@code PGPASSWORD} keeps it out of configuration files; messages and
 * {@code toString()} never show it either way.
 *
 * <p>Options: {@code schema} (default {@code segmentlog}: the schema of the store's tables),
 * {@code sslmode} ({@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca} or
 * {@code verify-full}; the driver's default is {@code prefer}), {@code pool_size} (default 10: the most
 * connections the store opens), {@code pool_timeout_ms} (default 10000, at least 250: how long a
 * call waits for a free connection), {@code statement_timeout_ms} (default 0, the server's setting:
 * the longest one statement may run), {@code application_name} (default {@code segmentlog}) and
 * {@code mode=rw|ro} (default {@code rw}): {@code mode=ro}, which
 * {@link dev.segmentlog.spi.SegmentStores#openReadOnly} sets, opens an existing store only to read it,
 * as {@link PostgresSegmentStore#openReadOnly} does. Registered for {@link java.util.ServiceLoader}, so {@code SegmentStores.open("postgresql://…")}
 * finds it.
 */
public final class PostgresStoreProvider implements SegmentStoreProvider {
    private static final Set<String> OPTIONS = Set.of("schema", "sslmode", "pool_size", "pool_timeout_ms",
            "statement_timeout_ms", "application_name", StoreUri.MODE);
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    private final Function<String, String> environment;

    /** For {@link java.util.ServiceLoader}: reads the process's environment. */
    public PostgresStoreProvider() {
        this(System::getenv);
    }

    /** Reads the {@code PG*} variables from {@code environment} (tests give their own). */
    PostgresStoreProvider(Function<String, String> environment) {
        this.environment = environment;
    }

    /** {@code postgresql}. */
    @Override
    public Set<String> schemes() {
        return Set.of("postgresql");
    }

    /**
     * Opens the store the URI names, creating or migrating its schema first; with {@code mode=ro},
     * opens an existing store only to read it, creating and migrating nothing.
     *
     * @throws InvalidStoreUriException                    if the location is not {@code //host…}, a port or
     *                                                     an option is invalid, or an option is unknown
     * @throws dev.segmentlog.spi.BackendException         if the server cannot be reached, refuses the
     *                                                     credentials, or the schema cannot be used (with
     *                                                     {@code mode=ro}: holds no store of this
     *                                                     release's version)
     * @throws NullPointerException                        if {@code uri} is null
     */
    @Override
    public SegmentStore open(StoreUri uri) {
        ConnectionSettings settings = settings(Objects.requireNonNull(uri, "uri"));
        return PostgresSegmentStore.openPooled(settings, uri.readOnly());
    }

    /** What to connect to: the URI, then the environment, then libpq's defaults. */
    ConnectionSettings settings(StoreUri uri) {
        String location = uri.location();
        if (!location.startsWith("//")) {
            throw invalid(uri, "expected postgresql://[user[:password]@][host][:port][/database], e.g. "
                    + "postgresql://agent@localhost:5432/agents");
        }
        Set<String> unknown = new TreeSet<>(uri.options().keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw invalid(uri, "unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown + " for scheme "
                    + "'postgresql'; known options are " + new TreeSet<>(OPTIONS));
        }
        String rest = location.substring(2);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);

        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(uri, colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(uri, userInfo.substring(colon + 1), "password");
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || (close + 1 < hostPort.length() && hostPort.charAt(close + 1) != ':')) {
                throw invalid(uri, "an IPv6 address goes in brackets, e.g. postgresql://[::1]:5432/agents");
            }
            host = hostPort.substring(1, close);
            port = close + 1 < hostPort.length() ? hostPort.substring(close + 2) : "";
        } else {
            int colon = hostPort.indexOf(':');
            host = decode(uri, colon < 0 ? hostPort : hostPort.substring(0, colon), "host");
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (host.contains(",")) {
            throw invalid(uri, "name one host; several hosts are not supported");
        }
        String database = decode(uri, path, "database");
        if (database.contains("/")) {
            throw invalid(uri, "the database name '" + database + "' contains '/'; percent-encode it as %2F");
        }

        user = firstOf(user, environment.apply("PGUSER"), System.getProperty("user.name"));
        password = firstOf(password, environment.apply("PGPASSWORD"), null);
        host = firstOf(host, environment.apply("PGHOST"), "localhost");
        database = firstOf(database, environment.apply("PGDATABASE"), user);
        int portNumber = port(uri, firstOf(port, environment.apply("PGPORT"), "5432"));
        if (user == null || user.isEmpty()) {
            throw invalid(uri, "no user: give one in the URI (postgresql://user@host/database) or in PGUSER");
        }

        String schema = uri.option("schema").orElse(PostgresOptions.DEFAULT_SCHEMA);
        try {
            new PostgresOptions(schema);
        } catch (IllegalArgumentException e) {
            throw invalid(uri, "option schema=" + schema + ": " + e.getMessage());
        }
        Optional<String> sslMode = uri.option("sslmode");
        if (sslMode.isPresent() && !SSL_MODES.contains(sslMode.get())) {
            throw invalid(uri, "option sslmode=" + sslMode.get() + " is not one of " + new TreeSet<>(SSL_MODES));
        }
        int poolSize = (int) number(uri, "pool_size", 10, 1, 1000);
        long poolTimeout = number(uri, "pool_timeout_ms", 10_000, 250, Integer.MAX_VALUE);
        long statementTimeout = number(uri, "statement_timeout_ms", 0, 0, Integer.MAX_VALUE);
        String applicationName = uri.option("application_name").orElse("segmentlog");
        return new ConnectionSettings(host, portNumber, database, user, password, schema, sslMode, applicationName,
                poolSize, poolTimeout, statementTimeout);
    }

    private static String firstOf(String given, String fromEnvironment, String fallback) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : fallback;
    }

    private static int port(StoreUri uri, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw invalid(uri, "the port '" + text + "' is not a number from 1 to 65535");
        }
        return port;
    }

    private static long number(StoreUri uri, String option, long fallback, long min, long max) {
        Optional<String> text = uri.option(option);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min || value > max) {
            throw invalid(uri, "option " + option + "=" + text.get() + " is not a whole number from " + min + " to "
                    + max);
        }
        return value;
    }

    /** Percent-decodes a part of the location ({@code +} stays a plus, unlike in a form). */
    private static String decode(StoreUri uri, String text, String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int value = i + 2 < text.length() ? hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)) : -1;
            if (value < 0) {
                throw invalid(uri, "bad percent-encoding in the " + part);
            }
            bytes.write(value);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        return digit < 0 ? -1_000 : digit;
    }

    /** An error naming the URI without its password, which {@link StoreUri#toString()} would show. */
    private static InvalidStoreUriException invalid(StoreUri uri, String reason) {
        return new InvalidStoreUriException(redacted(uri), reason);
    }

    /** The URI with the password of its user info, and the value of every unknown option, as {@code ***}. */
    static String redacted(StoreUri uri) {
        String location = uri.location();
        int end = location.indexOf('/', 2);
        String authority = location.substring(0, end < 0 ? location.length() : end);
        int at = authority.lastIndexOf('@');
        int colon = at < 0 ? -1 : authority.indexOf(':');
        if (colon >= 0 && colon < at) {
            location = location.substring(0, colon + 1) + "***" + location.substring(at);
        }
        StringBuilder text = new StringBuilder(uri.scheme()).append(':').append(location);
        char separator = '?';
        for (Map.Entry<String, String> option : uri.options().entrySet()) {
            text.append(separator).append(option.getKey()).append('=')
                    .append(OPTIONS.contains(option.getKey()) ? option.getValue() : "***");
            separator = '&';
        }
        return text.toString();
    }
}
