package io.quarkiverse.gcache.test.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@link RedisServer} per name and test JVM, reachable from every class loader. A {@code QuarkusUnitTest}
 * loads the test class twice (once to configure the application, once to run the test methods), so a plain static
 * server would start twice and the test would talk to the wrong one. The server is published in the system
 * properties as JDK types only (Runnables and Functions), which every class loader can call.
 */
public final class SharedRedis {

    private static final String PREFIX = "io.quarkiverse.gcache.test.redis.shared.";

    private final String name;
    private final Map<String, Object> handle;

    private SharedRedis(String name, Map<String, Object> handle) {
        this.name = name;
        this.handle = handle;
    }

    /** The server named {@code name}, started on first use. */
    public static SharedRedis get(String name) {
        return get(name, new String[0]);
    }

    /**
     * The server named {@code name}, started on first use with more redis-server options, e.g.
     * {@code "--requirepass", "pw"} (the test's own commands then authenticate, see {@link RedisServer#start(String...)}).
     */
    @SuppressWarnings("unchecked")
    public static SharedRedis get(String name, String... extraArgs) {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(PREFIX + name);
            if (existing != null) {
                return new SharedRedis(name, (Map<String, Object>) existing);
            }
            RedisServer server = RedisServer.start(extraArgs);
            Map<String, Object> handle = new HashMap<>();
            handle.put("port", (Supplier<Integer>) server::port);
            handle.put("command", (Function<String[], Object>) server::command);
            handle.put("stop", (Runnable) server::stop);
            handle.put("pause", (Runnable) server::pause);
            handle.put("resume", (Runnable) server::resume);
            handle.put("restart", (Runnable) server::restart);
            handle.put("close", (Runnable) server::close);
            System.getProperties().put(PREFIX + name, handle);
            return new SharedRedis(name, handle);
        }
    }

    @SuppressWarnings("unchecked")
    public int port() {
        return ((Supplier<Integer>) handle.get("port")).get();
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://" + RedisServer.HOST + ":" + port();
    }

    /** Sends one command on a fresh connection; the reply as String, Long, List or null. */
    @SuppressWarnings("unchecked")
    public Object command(String... args) {
        return ((Function<String[], Object>) handle.get("command")).apply(args);
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void stop() {
        run("stop");
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing answers. */
    public void pause() {
        run("pause");
    }

    /** Thaws a paused server (SIGCONT). */
    public void resume() {
        run("resume");
    }

    /** Starts the server again on the same port, after a stop. */
    public void restart() {
        run("restart");
    }

    /** Kills the server and forgets it. */
    public void close() {
        synchronized (System.getProperties()) {
            if (System.getProperties().remove(PREFIX + name) != null) {
                run("close");
            }
        }
    }

    private void run(String action) {
        ((Runnable) handle.get(action)).run();
    }
}
