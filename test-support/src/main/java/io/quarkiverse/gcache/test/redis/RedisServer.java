package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One real {@code redis-server} process on a free port of 127.0.0.1, for tests, with the faults a
 * test needs: {@link #stop() crash}, {@link #pause() freeze}, {@link #restart() restart on the same port}.
 * <p>
 * It persists nothing ({@code --save ""}, {@code --appendonly no}), so a restart starts empty; it works
 * in its own temp dir, deleted on {@link #close()}. Processes still running when the JVM exits are killed.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     redis.command("SET", "k", "v");
 *     redis.pause();   // commands now time out
 *     redis.resume();
 *     redis.stop();    // SIGKILL: connections are refused
 *     redis.restart(); // same port, empty
 * }
 * }</pre>
 * Over 400 lines: finding the binary, starting, every fault (pause, kill, restart) and cleanup of one process are
 * kept together, since each fault must leave the process in a state the others can follow.
 */
public final class RedisServer implements AutoCloseable {

    /** The host every server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final int START_ATTEMPTS = 5;

    private final Path binary;
    private final int port;
    private final List<String> extraArgs;
    /** The {@code default} user's password ({@code --requirepass}), sent by every connection of this class; or null. */
    private final String password;
    private final Path dir;
    private final Path log;
    private Process process;
    private boolean paused;

    private RedisServer(Path binary, int port, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        int at = extraArgs.indexOf("--requirepass");
        this.password = at >= 0 && at + 1 < extraArgs.size() ? extraArgs.get(at + 1) : null;
        try {
            this.dir = Files.createTempDirectory("gcache-redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
        }
        this.log = dir.resolve("redis.log");
        ProcessReaper.registerDir(dir);
    }

    /**
     * Starts a redis-server on a free port of 127.0.0.1 and waits until it answers PING.
     *
     * @return the running server; close it when done
     * @throws IllegalStateException if no redis-server is installed or it does not come up in time
     */
    public static RedisServer start() {
        return start(RedisBinary.find(), false, List.of());
    }

    /**
     * Like {@link #start()}, with more redis-server options appended to its command line.
     *
     * With {@code "--requirepass", "<password>"} among them, every connection this class opens (the start-up check,
     * {@link #connect()}, {@link #command}) authenticates as the {@code default} user first.
     *
     * @param extraArgs options such as {@code "--maxmemory", "10mb"}
     * @return the running server; close it when done
     */
    public static RedisServer start(String... extraArgs) {
        return start(RedisBinary.find(), false, List.of(extraArgs));
    }

    /**
     * Starts the given binary; with {@code clusterBus} the port is chosen so that port + 10000 is free too.
     * Retries on another port if the chosen one was taken in the meantime.
     */
    static RedisServer start(Path binary, boolean clusterBus, List<String> extraArgs) {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = clusterBus ? LoopbackPorts.freeWithClusterBus() : LoopbackPorts.free();
            RedisServer server = new RedisServer(binary, port, extraArgs);
            try {
                if (server.launch()) {
                    return server;
                }
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            server.close(); // port taken by someone else between the check and the bind: try another
        }
        throw new IllegalStateException("redis-server could not bind a free port in " + START_ATTEMPTS + " attempts");
    }

    /** @return the TCP port it listens on (the same across restarts) */
    public int port() {
        return port;
    }

    /** @return {@code "redis://127.0.0.1:PORT"} */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** @return the OS process id of the current redis-server process */
    public synchronized long pid() {
        requireStarted();
        return process.pid();
    }

    /** @return true while its process is alive (also when paused) */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return true between {@link #pause()} and {@link #resume()} */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /** @return the server's working dir (its temp dir; holds its log and, in a cluster, nodes.conf) */
    public Path directory() {
        return dir;
    }

    /**
     * Opens a new connection to this server with {@link RedisConnection#DEFAULT_TIMEOUT}.
     *
     * @return an open connection; close it when done
     */
    public RedisConnection connect() {
        return connect(RedisConnection.DEFAULT_TIMEOUT);
    }

    /**
     * Opens a new connection to this server.
     *
     * @param timeout bounds the connect and each wait for a reply
     * @return an open connection; close it when done
     */
    public RedisConnection connect(Duration timeout) {
        RedisConnection connection = RedisConnection.open(HOST, port, timeout);
        if (password != null) {
            try {
                connection.command("AUTH", password);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /**
     * Runs one command on a fresh connection, e.g. {@code command("HSET", "h", "f", "v")}.
     *
     * @param args the command and its arguments
     * @return the reply as String, Long, List or null (see {@link RedisConnection})
     * @throws RedisErrorReply on an error reply
     * @throws UncheckedIOException if the server cannot be reached or does not answer in time
     */
    public Object command(String... args) {
        try (RedisConnection connection = connect()) {
            return connection.command(args);
        }
    }

    /**
     * Kills the process with SIGKILL, as in a crash: open connections break, new ones are refused.
     * Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL works on a paused process too
        awaitExit("SIGKILL");
    }

    /** Stops the process with SIGTERM (Redis shuts down cleanly) and waits for it to exit. */
    public synchronized void stopGracefully() {
        if (process == null) {
            return;
        }
        if (paused && process.isAlive()) {
            signal("CONT"); // a stopped process would not act on SIGTERM
        }
        process.destroy();
        awaitExit("SIGTERM");
    }

    /**
     * Freezes the process with SIGSTOP: connections still open at TCP level, but no command is answered
     * (they time out) until {@link #resume()}.
     */
    public synchronized void pause() {
        requireRunning();
        signal("STOP");
        awaitCondition(() -> isStoppedState(process.pid()), "redis-server to be stopped by SIGSTOP");
        paused = true;
    }

    /** Continues a {@link #pause() paused} process with SIGCONT and waits until it answers PING again. */
    public synchronized void resume() {
        requireRunning();
        signal("CONT");
        awaitCondition(() -> !process.isAlive() || !isStoppedState(process.pid()), "redis-server to continue after SIGCONT");
        paused = false;
        requireRunning();
        awaitCondition(this::answersPing, "redis-server on port " + port + " to answer PING after SIGCONT");
    }

    /**
     * Kills the process if it is running (SIGKILL) and starts a new one on the same port and dir, then
     * waits until it answers PING. It starts empty; a cluster node keeps its identity and slots (nodes.conf).
     *
     * @throws IllegalStateException if another process took the port meanwhile
     */
    public synchronized void restart() {
        stop();
        if (!launch()) {
            throw new IllegalStateException("cannot restart redis-server: port " + port + " was taken by another process");
        }
    }

    /** Kills the process (SIGKILL) and deletes its temp dir. Safe to call more than once. */
    @Override
    public synchronized void close() {
        stop();
        ProcessReaper.deleteDir(dir);
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + "]";
    }

    /**
     * Starts the process and waits until this very process answers PING.
     *
     * @return false if the port turned out to be taken by another process
     */
    private boolean launch() {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--protected-mode", "no",
                "--daemonize", "no",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        paused = false;
        ProcessReaper.register(process);

        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = logTail();
                ProcessReaper.unregister(process);
                process = null;
                if (output.contains("Address already in use")) {
                    return false;
                }
                throw new IllegalStateException("redis-server exited while starting on port " + port + "; its log:\n"
                        + output);
            }
            Long servingPid = servingPid();
            if (servingPid != null) {
                if (servingPid == process.pid()) {
                    return true;
                }
                stop(); // another redis-server answers on this port: ours cannot bind it
                return false;
            }
            sleep(POLL_INTERVAL);
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + STARTUP_TIMEOUT + "; its log:\n" + logTail());
    }

    /** The process_id of whatever redis-server answers on the port, or null if none answers yet. */
    private Long servingPid() {
        try (RedisConnection connection = connect(Duration.ofSeconds(1))) {
            if (!"PONG".equals(connection.command("PING"))) {
                return null;
            }
            String info = (String) connection.command("INFO", "server");
            return Long.parseLong(infoField(info, "process_id"));
        } catch (UncheckedIOException | RedisErrorReply e) {
            return null; // not listening yet, or still loading
        }
    }

    private boolean answersPing() {
        try (RedisConnection connection = connect(Duration.ofSeconds(1))) {
            return "PONG".equals(connection.command("PING"));
        } catch (UncheckedIOException | RedisErrorReply e) {
            return false;
        }
    }

    /** Reads {@code name:value} from an INFO reply. */
    static String infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " in INFO reply");
    }

    private void awaitExit(String how) {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server pid " + process.pid() + " did not exit within "
                        + EXIT_TIMEOUT + " after " + how);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server to exit", e);
        }
        ProcessReaper.unregister(process);
        process = null;
        paused = false;
    }

    /** Sends a signal with the {@code kill} command, e.g. {@code signal("STOP")}. */
    private void signal(String name) {
        long pid = process.pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    /** True if Linux reports the process as stopped (state T in /proc/PID/stat). */
    private static boolean isStoppedState(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return true; // no procfs: trust that kill(1) delivered the signal
        }
        try {
            String content = Files.readString(stat);
            char state = content.charAt(content.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat, e);
        }
    }

    private void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + STARTUP_TIMEOUT + " waiting for " + what);
            }
            sleep(POLL_INTERVAL);
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException(this + " is not running (stopped or closed)");
        }
    }

    private void requireRunning() {
        requireStarted();
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " has exited; its log:\n" + logTail());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
