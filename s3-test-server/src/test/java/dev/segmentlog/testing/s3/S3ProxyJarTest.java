package dev.segmentlog.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyJarTest {
    @TempDir
    Path dir;

    private Path plantInRepository(Path repository) throws IOException {
        Path jar = S3ProxyJar.inRepository(repository, "9.9.9");
        Files.createDirectories(jar.getParent());
        return Files.writeString(jar, "not really a jar");
    }

    @Test
    void versions_areFilteredInByTheBuild() {
        for (String version : java.util.List.of(S3ProxyJar.version(), S3ProxyJar.unsafeVersion())) {
            assertFalse(version.contains("$"), version);
            assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
        }
    }

    @Test
    void systemProperty_isIgnored_forAnotherVersionThanTheDefault() throws IOException {
        Path explicit = Files.writeString(dir.resolve("mine.jar"), "x");
        Path home = dir.resolve("home");
        Path planted = plantInRepository(home.resolve(".m2/repository"));

        Path found = S3ProxyJar.locate(Map.of("s3proxy.jar", explicit.toString(), "user.home", home.toString())::get,
                "9.9.9", false);

        assertEquals(planted, found);
    }

    @Test
    void systemProperty_winsOverTheRepository() throws IOException {
        Path explicit = Files.writeString(dir.resolve("mine.jar"), "x");
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));

        Path found = S3ProxyJar.locate(Map.of("s3proxy.jar", explicit.toString(), "user.home", home.toString())::get, "9.9.9", true);

        assertEquals(explicit, found);
    }

    @Test
    void missingSystemPropertyJar_failsNamingIt_insteadOfFallingBack() throws IOException {
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));
        String missing = dir.resolve("gone.jar").toString();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3ProxyJar.locate(
                Map.of("s3proxy.jar", missing, "user.home", home.toString())::get, "9.9.9", true));

        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void withoutProperty_findsTheJarInTheUsersLocalRepository() throws IOException {
        Path home = dir.resolve("home");
        Path jar = plantInRepository(home.resolve(".m2/repository"));

        assertEquals(jar, S3ProxyJar.locate(Map.of("user.home", home.toString())::get, "9.9.9", true));
    }

    @Test
    void surefiresLocalRepository_isLookedAtBeforeTheDefaultOne() throws IOException {
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));
        Path custom = plantInRepository(dir.resolve("custom-repo"));

        Path found = S3ProxyJar.locate(Map.of("localRepository", dir.resolve("custom-repo").toString(),
                "user.home", home.toString())::get, "9.9.9", true);

        assertEquals(custom, found);
    }

    @Test
    void noJarAnywhere_failsListingWhereItLooked_andHowToGetIt() {
        Path home = dir.resolve("empty-home");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> S3ProxyJar.locate(Map.of("user.home", home.toString())::get, "9.9.9", true));

        assertTrue(e.getMessage().contains(S3ProxyJar.inRepository(home.resolve(".m2/repository"), "9.9.9").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Ds3proxy.jar"), e.getMessage());
    }
}
