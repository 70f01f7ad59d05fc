package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.StoreException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Each SQLSTATE class the store meets, translated into a message a user can act on. */
class PostgresErrorsTest {
    private final PostgresErrors errors = new PostgresErrors("PostgreSQL store postgresql://u@h:5432/d",
            "statement_timeout_ms=500", "pool_size=2, pool_timeout_ms=300");

    private static PSQLException server(String state, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"));
    }

    @Test
    void eachSqlstate_becomesAMessageSayingWhatHappenedAndWhetherAnythingWasWritten() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("08006", "lost or could not open the connection"),
                Map.entry("57P01", "shutting down, restarting or recovering"),
                Map.entry("28P01", "refused the credentials"),
                Map.entry("3D000", "database of PostgreSQL store postgresql://u@h:5432/d does not exist"),
                Map.entry("53100", "disk of the server of PostgreSQL store postgresql://u@h:5432/d is full"),
                Map.entry("53200", "ran out of memory"),
                Map.entry("53300", "too many connections"),
                Map.entry("57014", "statement timeout (statement_timeout_ms=500)"),
                Map.entry("55P03", "lock timeout"),
                Map.entry("40001", "serialization failure or deadlock"),
                Map.entry("42501", "lacks a privilege"),
                Map.entry("XX001", "internal error or corrupt data"),
                Map.entry("22001", "failed while appending"));
        expected.forEach((state, words) -> {
            StoreException translated = errors.translate(server(state, "the server says why"), "appending");

            assertTrue(translated.getMessage().contains(words), state + ": " + translated.getMessage());
            assertTrue(translated.getMessage().contains("[SQLSTATE " + state + ": the server says why]"),
                    translated.getMessage());
        });
    }

    @Test
    void aWriteTheServerRefusesAsReadOnly_isAReadOnlyStoreException_keepingTheDriversError() {
        PSQLException driver = server("25006", "cannot execute INSERT in a read-only transaction");

        StoreException translated = errors.translate(driver, "appending to segment s");

        assertInstanceOf(ReadOnlyStoreException.class, translated);
        assertSame(driver, translated.getCause());
        assertTrue(translated.getMessage().contains("PostgreSQL store postgresql://u@h:5432/d is read-only"),
                translated.getMessage());
        assertTrue(translated.getMessage().contains("while appending to segment s"), translated.getMessage());
        assertTrue(translated.getMessage().contains("[SQLSTATE 25006: cannot execute INSERT in a read-only "
                + "transaction]"), translated.getMessage());
        assertTrue(translated.getMessage().contains("nothing was written"), translated.getMessage());
    }

    @Test
    void aConnectionLostDuringTheCommit_saysTheOutcomeIsUnknown_elsewhereThatNothingWasWritten() {
        PSQLException lost = server("08006", "connection lost");

        assertTrue(errors.translate(lost, "appending", true).getMessage().contains("whether it was stored is unknown"));
        assertTrue(errors.translate(lost, "appending", false).getMessage().contains("nothing was written"));
    }

    @Test
    void aPoolTimeoutWithNoFailureBehindIt_saysEveryConnectionWasBusy() {
        StoreException translated = errors.translate(new SQLTransientConnectionException("pool - timed out"),
                "counting");

        assertTrue(translated.getMessage().contains("every connection of the pool was busy"), translated.getMessage());
        assertTrue(translated.getMessage().contains("pool_size=2, pool_timeout_ms=300"), translated.getMessage());
    }

    @Test
    void aPoolTimeoutBehindWhichTheServerRefusedConnections_isTranslatedAsThatRefusal() {
        StoreException translated = errors.translate(new SQLTransientConnectionException("pool - timed out", "08001",
                server("08001", "connection refused")), "counting");

        assertTrue(translated.getMessage().contains("could not open the connection"), translated.getMessage());
    }

    @Test
    void theCauseKept_isTheDriversError_notAPoolsWrapperAroundIt() {
        PSQLException driver = server("08001", "connection refused");
        SQLTransientConnectionException pool = new SQLTransientConnectionException("segmentlog - Connection is not "
                + "available", null, driver);

        StoreException translated = errors.translate(pool, "appending");

        assertSame(driver, translated.getCause());
        assertTrue(translated.getMessage().contains("[SQLSTATE 08001: connection refused]"), translated.getMessage());
    }
}
