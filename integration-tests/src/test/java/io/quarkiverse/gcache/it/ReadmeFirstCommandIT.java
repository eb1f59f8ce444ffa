package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run the way a new user on a fresh machine runs it: in a copy of the repository, with
 * a home directory of its own (so no earlier answer to Quarkus' build analytics question is on record) and without a
 * terminal (stdin is {@code /dev/null}). Dev mode must serve the example without asking anything; the question
 * would otherwise hold a terminal user for 10 s.
 */
class ReadmeFirstCommandIT {

    /**
     * Dev mode compiles the extension and the example first (and on a fresh machine downloads what it needs): 3 min
     * seen here with other builds sharing the 2 cores, over 5 min under heavier load.
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    /** What Quarkus prints when it asks, and what it prints when nobody answers. */
    private static final List<String> ANALYTICS_QUESTION = List.of("Help improve Quarkus",
            "Do you agree to contribute anonymous build time data", "[Quarkus build analytics]");

    @Test
    void devModeServesTheExampleWithoutAskingAnything(@TempDir Path tmp) throws Exception {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<String> command = firstCommandOf(repository.resolve("README.md"));
        assertThat(command).as("the README's first command").startsWith("./mvnw", "quarkus:dev");

        Path checkout = copySources(repository, tmp.resolve("checkout"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path log = Path.of("target/readme-first-command.log").toAbsolutePath();
        int port = freePort();

        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("QUARKUS_ANALYTICS_DISABLED"); // only what the repository itself says counts
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // a fresh home (Java's user.home does not follow $HOME), the Maven repository this build uses
        env.put("MAVEN_OPTS", "-Duser.home=" + home + " -Dmaven.repo.local=" + localRepository());
        env.put("MAVEN_ARGS", offline() ? "-o" : "");

        Process maven = builder.start();
        try {
            await("the example answers on port " + port + " (see " + log + ")")
                    .atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> !maven.isAlive() || given().port(port).get("/users/1").statusCode() == 200);
            assertThat(maven.isAlive()).as("dev mode is still running (see %s)", log).isTrue();
            given().port(port).get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        } finally {
            stop(maven);
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).as("what the README's first command printed (%s)", log).contains("Listening on");
        for (String question : ANALYTICS_QUESTION) {
            assertThat(output).as("what the README's first command printed (%s)", log).doesNotContain(question);
        }
        assertThat(home.resolve(".redhat/io.quarkus.analytics.localconfig")).as("an answer on record").doesNotExist();
    }

    /** The first {@code ./mvnw} line of the README's first shell block, without its comment. */
    private static List<String> firstCommandOf(Path readme) throws IOException {
        String line = Files.readAllLines(readme).stream().filter(l -> l.startsWith("./mvnw")).findFirst()
                .orElseThrow(() -> new AssertionError("no ./mvnw command in " + readme));
        int comment = line.indexOf('#');
        return List.of((comment < 0 ? line : line.substring(0, comment)).trim().split("\\s+"));
    }

    /** The sources, as a clone has them: no build output, no Git metadata. */
    private static Path copySources(Path from, Path to) throws IOException {
        Set<String> skipped = Set.of("target", ".git", "node_modules");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skipped.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skipped.contains(file.getFileName().toString())) { // a worktree's .git is a file
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return to;
    }

    private static String localRepository() {
        String configured = System.getProperty("maven.repo.local", "");
        return configured.isBlank() ? System.getProperty("user.home") + "/.m2/repository" : configured;
    }

    /** Whether this build runs offline: {@code mvn} exports its command line to the JVMs it starts. */
    private static boolean offline() {
        List<String> args = List.of(System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "").trim().split("\\s+"));
        return args.contains("-o") || args.contains("--offline");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops Maven and the application JVM it started; both must be gone before the next test. */
    private static void stop(Process maven) throws InterruptedException {
        List<ProcessHandle> children = maven.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        maven.destroy();
        if (!maven.waitFor(60, TimeUnit.SECONDS)) {
            maven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notGone) {
                child.destroyForcibly();
            }
        }
    }
}
