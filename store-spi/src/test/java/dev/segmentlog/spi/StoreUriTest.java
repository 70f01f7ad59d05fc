package dev.segmentlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreUriTest {

    @Test
    void parse_pathUri_splitsSchemeLocationAndOptions() {
        StoreUri uri = StoreUri.parse("jsonl:/var/lib/agent/logs?durability=fsync");
        assertEquals("jsonl", uri.scheme());
        assertEquals("/var/lib/agent/logs", uri.location());
        assertEquals(Map.of("durability", "fsync"), uri.options());
    }

    @Test
    void parse_s3Uri_keepsTheAuthorityInTheLocationAndDecodesOptions() {
        StoreUri uri = StoreUri.parse("s3://bucket/prefix?endpoint=http%3A%2F%2F127.0.0.1%3A9090&path_style=true");
        assertEquals("//bucket/prefix", uri.location());
        assertEquals(Optional.of("http://127.0.0.1:9090"), uri.option("endpoint"));
        assertEquals(Optional.of("true"), uri.option("path_style"));
    }

    @Test
    void parse_relativePathAndUppercaseScheme_areAccepted() {
        StoreUri uri = StoreUri.parse("SQLite:./agent.db");
        assertEquals("sqlite", uri.scheme());
        assertEquals("./agent.db", uri.location());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-scheme", ":/x", "jsonl:", "jsonl:?a=b", "1abc:/x", "jsonl:/x?=v", "jsonl:/x?a=1&a=2"})
    void parse_malformed_isRejectedWithAPreciseError(String text) {
        assertThrows(InvalidStoreUriException.class, () -> StoreUri.parse(text));
    }

    @Test
    void requireKnownOptions_namesTheUnknownAndTheKnown() {
        StoreUri uri = StoreUri.parse("jsonl:/x?durabilty=fsync");
        InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                () -> uri.requireKnownOptions(Set.of("durability")));
        assertTrue(error.getMessage().contains("[durabilty]"), error.getMessage());
        assertTrue(error.getMessage().contains("[durability]"), error.getMessage());
    }

    @Test
    void choice_refusesAValueOutsideTheAllowedOnes() {
        StoreUri uri = StoreUri.parse("sqlite:a.db?durability=sometimes");
        assertEquals("normal", StoreUri.parse("sqlite:a.db").choice("durability", Set.of("normal", "full"), "normal"));
        InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                () -> uri.choice("durability", Set.of("normal", "full"), "normal"));
        assertTrue(error.getMessage().contains("[full, normal]"), error.getMessage());
    }

    @Test
    void toString_redactsSecretOptionsEverywhere() {
        StoreUri uri = StoreUri.parse("s3://b/p?access_key_id=AKIA123&secret_access_key=hunter2&region=eu-west-1");
        assertFalse(uri.toString().contains("hunter2"), uri.toString());
        assertFalse(uri.toString().contains("AKIA123"), uri.toString());
        assertTrue(uri.toString().contains("region=eu-west-1"));
        InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                () -> uri.requireKnownOptions(Set.of("region")));
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void toString_redactsThePasswordOfTheUserInfo() {
        StoreUri uri = StoreUri.parse("s3://KEYID:S3CR3T@bucket/p?region=r");

        assertEquals("s3://KEYID:***@bucket/p?region=r", uri.toString());
        assertEquals("//KEYID:***@bucket/p", uri.redactedLocation());
        assertEquals("//KEYID:S3CR3T@bucket/p", uri.location());
    }

    @Test
    void parseError_neverEchoesTheUserInfoPassword() {
        InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                () -> StoreUri.parse("postgresql://app:hunter2@db:5432/agents?x=1&x=2"));
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }
}
