package io.quarkiverse.gcache.test.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One {@link TcpProxy} per name and test JVM, reachable from every class loader, for the same reason as
 * {@link SharedRedis}: a {@code QuarkusUnitTest} loads the test class twice, and the application must go through the
 * proxy the test methods black-hole.
 */
public final class SharedTcpProxy {

    private static final String PREFIX = "io.quarkiverse.gcache.test.redis.proxy.";

    private final String name;
    private final Map<String, Object> handle;

    private SharedTcpProxy(String name, Map<String, Object> handle) {
        this.name = name;
        this.handle = handle;
    }

    /** The proxy named {@code name} to {@code 127.0.0.1:targetPort}, opened on first use. */
    @SuppressWarnings("unchecked")
    public static SharedTcpProxy get(String name, int targetPort) {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(PREFIX + name);
            if (existing != null) {
                return new SharedTcpProxy(name, (Map<String, Object>) existing);
            }
            TcpProxy proxy = TcpProxy.to(targetPort);
            Map<String, Object> handle = new HashMap<>();
            handle.put("port", (Supplier<Integer>) proxy::port);
            handle.put("blackHole", (Runnable) proxy::blackHole);
            handle.put("restore", (Runnable) proxy::restore);
            handle.put("latency", (Consumer<Duration>) proxy::latency);
            handle.put("close", (Runnable) proxy::close);
            System.getProperties().put(PREFIX + name, handle);
            return new SharedTcpProxy(name, handle);
        }
    }

    @SuppressWarnings("unchecked")
    public int port() {
        return ((Supplier<Integer>) handle.get("port")).get();
    }

    /** {@code redis://127.0.0.1:<proxy port>}. */
    public String uri() {
        return "redis://" + RedisServer.HOST + ":" + port();
    }

    /** See {@link TcpProxy#blackHole()}. */
    public void blackHole() {
        ((Runnable) handle.get("blackHole")).run();
    }

    /** See {@link TcpProxy#restore()}. */
    public void restore() {
        ((Runnable) handle.get("restore")).run();
    }

    /** See {@link TcpProxy#latency(Duration)}. */
    @SuppressWarnings("unchecked")
    public void latency(Duration oneWay) {
        ((Consumer<Duration>) handle.get("latency")).accept(oneWay);
    }

    /** Closes the proxy and forgets it. */
    public void close() {
        synchronized (System.getProperties()) {
            if (System.getProperties().remove(PREFIX + name) != null) {
                ((Runnable) handle.get("close")).run();
            }
        }
    }
}
