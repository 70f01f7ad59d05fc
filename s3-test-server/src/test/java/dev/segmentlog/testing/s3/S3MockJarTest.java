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

class S3MockJarTest {
    @TempDir
    Path dir;

    private Path plantInRepository(Path repository) throws IOException {
        Path jar = S3MockJar.inRepository(repository, "9.9.9");
        Files.createDirectories(jar.getParent());
        return Files.writeString(jar, "not really a jar");
    }

    @Test
    void version_isFilteredInByTheBuild() {
        String version = S3MockJar.version();
        assertFalse(version.contains("$"), version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @Test
    void systemProperty_winsOverTheRepository() throws IOException {
        Path explicit = Files.writeString(dir.resolve("mine.jar"), "x");
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));

        Path found = S3MockJar.locate(Map.of("s3mock.jar", explicit.toString(), "user.home", home.toString())::get, "9.9.9");

        assertEquals(explicit, found);
    }

    @Test
    void missingSystemPropertyJar_failsNamingIt_insteadOfFallingBack() throws IOException {
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));
        String missing = dir.resolve("gone.jar").toString();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3MockJar.locate(
                Map.of("s3mock.jar", missing, "user.home", home.toString())::get, "9.9.9"));

        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void withoutProperty_findsTheJarInTheUsersLocalRepository() throws IOException {
        Path home = dir.resolve("home");
        Path jar = plantInRepository(home.resolve(".m2/repository"));

        assertEquals(jar, S3MockJar.locate(Map.of("user.home", home.toString())::get, "9.9.9"));
    }

    @Test
    void surefiresLocalRepository_isLookedAtBeforeTheDefaultOne() throws IOException {
        Path home = dir.resolve("home");
        plantInRepository(home.resolve(".m2/repository"));
        Path custom = plantInRepository(dir.resolve("custom-repo"));

        Path found = S3MockJar.locate(Map.of("localRepository", dir.resolve("custom-repo").toString(),
                "user.home", home.toString())::get, "9.9.9");

        assertEquals(custom, found);
    }

    @Test
    void noJarAnywhere_failsListingWhereItLooked_andHowToGetIt() {
        Path home = dir.resolve("empty-home");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> S3MockJar.locate(Map.of("user.home", home.toString())::get, "9.9.9"));

        assertTrue(e.getMessage().contains(S3MockJar.inRepository(home.resolve(".m2/repository"), "9.9.9").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Ds3mock.jar"), e.getMessage());
    }
}
