package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresStoreProviderTest {
    private final Fixtures fixtures = new Fixtures();

    private static final String SECRET = "s3cr3t-Pa55";

    private static ConnectionSettings settings(String uri, Map<String, String> environment) {
        return new PostgresStoreProvider(environment::get).settings(StoreUri.parse(uri));
    }

    private static ConnectionSettings settings(String uri) {
        return settings(uri, Map.of());
    }

    @Test
    void settings_ofAFullUri_areTheUriDecoded() {
        ConnectionSettings settings = settings("postgresql://agent%40corp:p%40ss%3Aw%2Fr+d@db.internal:6543/agent%20logs"
                + "?schema=support_bot&sslmode=verify-full&pool_size=4&pool_timeout_ms=500&statement_timeout_ms=2000"
                + "&application_name=bot");

        assertEquals(new ConnectionSettings("db.internal", 6543, "agent logs", "agent@corp", "p@ss:w/r+d", "support_bot",
                Optional.of("verify-full"), "bot", 4, 500, 2000), settings);
    }

    @Test
    void settings_leftOutOfTheUri_comeFromThePgEnvironmentVariables() {
        ConnectionSettings settings = settings("postgresql://", Map.of("PGHOST", "db.env", "PGPORT", "5433",
                "PGUSER", "envuser", "PGPASSWORD", SECRET, "PGDATABASE", "envdb"));

        assertEquals(List.of("db.env", 5433, "envdb", "envuser", SECRET), List.of(settings.host(), settings.port(),
                settings.database(), settings.user(), settings.password()));
    }

    @Test
    void settings_givenInTheUri_winOverTheEnvironment() {
        ConnectionSettings settings = settings("postgresql://u:p@h:1/d", Map.of("PGHOST", "db.env", "PGPORT", "5433",
                "PGUSER", "envuser", "PGPASSWORD", SECRET, "PGDATABASE", "envdb"));

        assertEquals(List.of("h", 1, "d", "u", "p"), List.of(settings.host(), settings.port(), settings.database(),
                settings.user(), settings.password()));
    }

    @Test
    void settings_givenNowhere_areLibpqsDefaults() {
        ConnectionSettings settings = settings("postgresql://");

        String osUser = System.getProperty("user.name");
        assertEquals(new ConnectionSettings("localhost", 5432, osUser, osUser, null, "segmentlog", Optional.empty(),
                "segmentlog", 10, 10_000, 0), settings);
    }

    @Test
    void settings_ofAnIpv6Host_dropTheBracketsAndShowThemAgain() {
        ConnectionSettings settings = settings("postgresql://u@[::1]:5432/d");

        assertEquals("::1", settings.host());
        assertEquals("postgresql://u@[::1]:5432/d", settings.describe());
    }

    @Test
    void settings_neverShowThePassword() {
        ConnectionSettings settings = settings("postgresql://u:" + SECRET + "@h/d");

        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertFalse(settings.where().contains(SECRET), settings.where());
    }

    @Test
    void invalidUris_areRefusedSayingWhatIsRight_withoutThePassword() {
        Map<String, String> refusals = Map.of(
                "postgresql:u:" + SECRET + "@h/d", "expected postgresql://",
                "postgresql://u:" + SECRET + "@h:99999/d", "port '99999'",
                "postgresql://u:" + SECRET + "@h/d?colour=blue", "unknown option [colour]",
                "postgresql://u:" + SECRET + "@h/d?schema=Bad-Name", "schema=Bad-Name",
                "postgresql://u:" + SECRET + "@h/d?sslmode=always", "sslmode=always is not one of",
                "postgresql://u:" + SECRET + "@h/d?pool_timeout_ms=10", "pool_timeout_ms=10",
                "postgresql://u:" + SECRET + "@h/d?pool_size=0", "pool_size=0",
                "postgresql://u:" + SECRET + "@h1,h2/d", "name one host",
                "postgresql://u:" + SECRET + "@h/d%zz", "bad percent-encoding in the database");
        refusals.forEach((uri, reason) -> {
            InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class, () -> settings(uri), uri);
            assertTrue(refused.getMessage().contains(reason), refused.getMessage());
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        });
    }

    @Test
    void anUnknownOption_hasItsValueHiddenToo() {
        InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class,
                () -> settings("postgresql://h/d?passwd=" + SECRET));

        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
    }

    @Test
    void segmentStoresOpen_findsTheProviderByScheme_andOpensAWorkingStore() {
        String uri = EmbeddedServer.shared().uri(EmbeddedServer.freshSchema());
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(uri)) {
            assertTrue(store instanceof PostgresSegmentStore, store.toString());
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
        }
        try (SegmentStore store = SegmentStores.open(uri)) {
            assertEquals(1, store.count(segment));
        }
    }

    @Test
    void open_withTheRightPasswordFromPgPassword_works_andTheStoreNeverShowsIt() {
        EmbeddedServer server = EmbeddedServer.shared();
        server.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN "
                + "CREATE ROLE alice LOGIN PASSWORD '" + SECRET + "'; END IF; END $$", "GRANT CREATE ON DATABASE postgres TO alice");
        PostgresStoreProvider provider = new PostgresStoreProvider(Map.of("PGPASSWORD", SECRET)::get);

        try (SegmentStore store = provider.open(StoreUri.parse("postgresql://alice@localhost:" + server.port()
                + "/postgres?schema=" + EmbeddedServer.freshSchema()))) {
            assertFalse(store.toString().contains(SECRET), store.toString());
            assertFalse(store.exists(SegmentId.generate()));
        }
    }

    @Test
    void open_withAWrongPassword_failsSayingTheCredentialsWereRefused_withoutThePassword() {
        EmbeddedServer server = EmbeddedServer.shared();
        server.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN "
                + "CREATE ROLE alice LOGIN PASSWORD '" + SECRET + "'; END IF; END $$");
        String wrong = "wrong-" + SECRET;

        BackendException refused = assertThrows(BackendException.class, () -> SegmentStores.open(
                "postgresql://alice:" + wrong + "@localhost:" + server.port() + "/postgres"));

        assertTrue(refused.getMessage().contains("refused the credentials"), refused.getMessage());
        assertTrue(refused.getMessage().contains("SQLSTATE 28P01"), refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.toString());
        }
    }

    @Test
    void open_aDatabaseThatDoesNotExist_saysSo() {
        BackendException refused = assertThrows(BackendException.class, () -> SegmentStores.open(
                "postgresql://postgres@localhost:" + EmbeddedServer.shared().port() + "/no_such_db"));

        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        assertTrue(refused.getMessage().contains("postgresql://postgres@localhost:"), refused.getMessage());
    }

    @Test
    void open_whereNoServerListens_saysTheConnectionCouldNotBeOpened() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        BackendException refused = assertThrows(BackendException.class,
                () -> SegmentStores.open("postgresql://postgres@localhost:" + port + "/postgres"));

        assertTrue(refused.getMessage().contains("could not open the connection"), refused.getMessage());
        assertTrue(refused.getMessage().contains("localhost:" + port), refused.getMessage());
    }
}
