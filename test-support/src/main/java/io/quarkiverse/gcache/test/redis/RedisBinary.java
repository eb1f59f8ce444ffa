package io.quarkiverse.gcache.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds the {@code redis-server} executable the tests run: the one on {@code PATH} first, else the
 * binary bundled in {@code com.github.codemonstur:embedded-redis} (extracted once per JVM to a temp dir),
 * else fails with a message saying what to install.
 */
public final class RedisBinary {

    static final String INSTALL_HINT = "No redis-server found: install one (Debian/Ubuntu: apt-get install redis-server)"
            + " or put com.github.codemonstur:embedded-redis on the test classpath.";

    private static Path cached;

    private RedisBinary() {
    }

    /**
     * Returns the redis-server to run: from {@code PATH}, else extracted from embedded-redis.
     *
     * @return an executable file
     * @throws IllegalStateException naming {@code apt-get install redis-server} if there is none
     */
    public static synchronized Path find() {
        if (cached == null) {
            Path found = onPath();
            if (found == null) {
                found = extractEmbedded();
            }
            if (found == null) {
                throw new IllegalStateException(INSTALL_HINT);
            }
            cached = found;
        }
        return cached;
    }

    /**
     * Looks for an executable {@code redis-server} in the directories of {@code PATH}.
     *
     * @return its path, or null if there is none
     */
    static Path onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Extracts embedded-redis's binary for this OS and CPU to a fresh temp dir and makes it executable.
     *
     * @return its path, or null if embedded-redis is not on the classpath or ships none for this platform
     */
    static synchronized Path extractEmbedded() {
        String resource = embeddedResourceName();
        if (resource == null) {
            return null;
        }
        try (InputStream binary = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (binary == null) {
                return null;
            }
            Path dir = Files.createTempDirectory("gcache-redis-bin-");
            Path target = dir.resolve("redis-server");
            Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + target + " executable");
            }
            dir.toFile().deleteOnExit(); // deleteOnExit runs in reverse order: the file first, then its dir
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " from embedded-redis", e);
        }
    }

    /** The resource names in embedded-redis 1.4.x; the version in the name is the file's label only. */
    private static String embeddedResourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return "redis-server-6.2.7-linux-arm64";
        }
        return null;
    }
}
