package io.quarkiverse.gcache.it.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One packaged example application ({@code java -jar target/quarkus-app/quarkus-run.jar}) in its own process, and
 * the HTTP calls the harness makes to its {@code /consistency} endpoints.
 */
final class AppProcess implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    final int index;
    private final int port;
    private final Process process;
    private final Path log;

    private AppProcess(int index, int port, Process process, Path log) {
        this.index = index;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application; {@link #awaitUp()} waits for it.
     *
     * @param properties system properties, {@code name=value}
     */
    static AppProcess launch(int index, int port, Path jar, Path logDir, List<String> properties) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = logDir.resolve("history-process-" + index + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            // a run cut short (a test's timeout) must not leave the process behind
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new AppProcess(index, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    void awaitUp() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process " + index + " exited while starting; see " + log);
            }
            try {
                call("GET", "/consistency/clock");
                return;
            } catch (RuntimeException e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("process " + index + " did not answer on port " + port + " within "
                + STARTUP_TIMEOUT + "; see " + log);
    }

    /** Fails unless this process's {@code System.nanoTime()} lies between two of the harness's: one clock for all. */
    void checkSharesTheClock() {
        long before = System.nanoTime();
        long theirs = Long.parseLong(call("GET", "/consistency/clock"));
        long after = System.nanoTime();
        if (theirs - before < 0 || after - theirs < 0) {
            throw new IllegalStateException("process " + index + " does not share the harness's clock: " + theirs
                    + " not within " + before + ".." + after + " (System.nanoTime is CLOCK_MONOTONIC on Linux only)");
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The body of a 200 answer; an {@link IllegalStateException} for any other outcome. */
    String call(String method, String path) {
        try {
            return body(HTTP.send(request(method, path), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    CompletableFuture<String> callAsync(String method, String path) {
        return HTTP.sendAsync(request(method, path), HttpResponse.BodyHandlers.ofString()).thenApply(AppProcess::body);
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(CALL_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static String body(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    void pause() {
        signal("STOP");
    }

    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            signal("CONT"); // a stopped process would not act on SIGTERM
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
