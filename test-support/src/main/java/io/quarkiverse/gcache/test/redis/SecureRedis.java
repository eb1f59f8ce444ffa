package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One real {@code redis-server} per name and test JVM (reachable from every class loader, as {@link SharedRedis}) that
 * also listens with TLS, on a throw-away CA and server certificate made with {@code openssl} at start (nothing is
 * committed), and has ACL users besides {@code default}. The plain port keeps the {@code default} user without a
 * password, for the test's own commands; the application under test connects over TLS as one of the users.
 */
public final class SecureRedis {

    private static final String PREFIX = "io.quarkiverse.gcache.test.redis.secure.";

    private final Map<String, Object> handle;

    private SecureRedis(Map<String, Object> handle) {
        this.handle = handle;
    }

    /**
     * The server named {@code name}, started on first use with the ACL {@code users}, each a line of ACL rules as
     * {@code ACL SETUSER} takes them after the name (e.g. {@code "gcache", "on >secret ~urn:gcache:* +@read"}).
     */
    @SuppressWarnings("unchecked")
    public static SecureRedis get(String name, Map<String, String> users) {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(PREFIX + name);
            if (existing != null) {
                return new SecureRedis((Map<String, Object>) existing);
            }
            Path certs = certificates();
            int tlsPort = LoopbackPorts.free();
            List<String> args = new ArrayList<>(List.of("--tls-port", Integer.toString(tlsPort),
                    "--tls-cert-file", certs.resolve("server.crt").toString(),
                    "--tls-key-file", certs.resolve("server.key").toString(),
                    "--tls-ca-cert-file", certs.resolve("ca.crt").toString(),
                    "--tls-auth-clients", "no"));
            users.forEach((user, rules) -> {
                // one argument per word: redis-server joins them into the config line "user <name> <rules...>"
                args.add("--user");
                args.add(user);
                args.addAll(List.of(rules.split(" ")));
            });
            RedisServer server = RedisServer.start(args.toArray(String[]::new));
            Map<String, Object> h = new HashMap<>();
            h.put("tlsPort", (Supplier<Integer>) () -> tlsPort);
            h.put("port", (Supplier<Integer>) server::port);
            h.put("ca", (Supplier<String>) () -> certs.resolve("ca.crt").toString());
            h.put("command", (Function<String[], Object>) server::command);
            h.put("close", (Runnable) server::close);
            System.getProperties().put(PREFIX + name, h);
            return new SecureRedis(h);
        }
    }

    /** {@code rediss://<user>:<password>@127.0.0.1:<tls port>}. */
    @SuppressWarnings("unchecked")
    public String tlsUri(String user, String password) {
        return "rediss://" + user + ":" + password + "@" + RedisServer.HOST + ":"
                + ((Supplier<Integer>) handle.get("tlsPort")).get();
    }

    /** The PEM file of the CA that signed the server's certificate. */
    @SuppressWarnings("unchecked")
    public String caCertificate() {
        return ((Supplier<String>) handle.get("ca")).get();
    }

    @SuppressWarnings("unchecked")
    public int port() {
        return ((Supplier<Integer>) handle.get("port")).get();
    }

    /** Sends one command as the {@code default} user on the plain port; the reply as String, Long, List or null. */
    @SuppressWarnings("unchecked")
    public Object command(String... args) {
        return ((Function<String[], Object>) handle.get("command")).apply(args);
    }

    public void close() {
        ((Runnable) handle.get("close")).run();
    }

    /** A CA and a server certificate for 127.0.0.1 signed by it, valid one day, in a new temp dir. */
    private static Path certificates() {
        try {
            Path dir = Files.createTempDirectory("gcache-tls-");
            ProcessReaper.registerDir(dir);
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days",
                    "1", "-subj", "/CN=gcache-test-ca");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                    "/CN=127.0.0.1");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "server.crt", "-days", "1", "-extfile", "san.ext");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("openssl is needed to make the test's TLS certificates: install it "
                    + "(apt-get install openssl)", e);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + Files.readString(dir.resolve("openssl.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
