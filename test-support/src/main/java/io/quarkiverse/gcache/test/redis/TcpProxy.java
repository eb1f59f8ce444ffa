package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 in front of one port, for network faults that a process cannot show: {@link #blackHole()}
 * makes every open connection, and every one accepted from then on, swallow what it reads in both directions without
 * ever closing, as a NAT or load balancer does when it drops a connection's state. The peers see no reset and no
 * end: only silence. {@link #restore()} forwards new connections again; the swallowed ones stay dead (a dropped NAT
 * entry never comes back) and are closed, as the TCP stack of a real peer eventually would.
 * {@link #latency(Duration)} delays every chunk, in each direction, by that much from when the proxy read it (a slow
 * network: the bytes keep their order and are not held back any longer than the delay).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean blackHoled;
    private volatile long latencyNanos;
    private volatile boolean closed;

    private TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(LoopbackPorts.loopback(), 0), 50);
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port on 127.0.0.1", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code redis://127.0.0.1:<proxy port>}. */
    public String uri() {
        return "redis://" + RedisServer.HOST + ":" + port();
    }

    /** From now on nothing goes through, and nothing is closed: open and new connections go silent. */
    public void blackHole() {
        blackHoled = true;
        for (Link link : links) {
            link.dead = true;
        }
    }

    /**
     * From now on every chunk read, in either direction, is forwarded {@code oneWay} after it was read, on open and new
     * connections alike; {@link Duration#ZERO} forwards at once again.
     */
    public void latency(Duration oneWay) {
        latencyNanos = oneWay.toNanos();
    }

    /** New connections are forwarded again; the ones that went silent are closed. */
    public void restore() {
        blackHoled = false;
        for (Link link : links) {
            if (link.dead) {
                link.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
        }
        links.forEach(Link::close);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket target = new Socket(LoopbackPorts.loopback(), targetPort);
                Link link = new Link(client, target, blackHoled);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client); // the target refuses: so does the proxy
            }
        }
    }

    /** One proxied connection: two pumps, which drop what they read once the link is dead. */
    private final class Link {
        final Socket client;
        final Socket target;
        volatile boolean dead;

        Link(Socket client, Socket target, boolean dead) {
            this.client = client;
            this.target = target;
            this.dead = dead;
        }

        void start() {
            pump(client, target, "up");
            pump(target, client, "down");
        }

        /**
         * A reader that stamps each chunk with when it is due, and a writer that sends it then: so a delay holds each
         * chunk back by the latency, not by the latency times the chunks ahead of it.
         */
        private void pump(Socket from, Socket to, String direction) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (!dead) {
                            queue.add(new Chunk(System.nanoTime() + latencyNanos, Arrays.copyOf(buffer, n)));
                        }
                    }
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    queue.add(Chunk.END);
                }
            }, "tcp-proxy-" + direction + "-read-" + from.getPort());
            Thread writer = new Thread(() -> {
                try (OutputStream out = to.getOutputStream()) {
                    while (true) {
                        Chunk chunk = queue.take();
                        if (chunk == Chunk.END) {
                            break;
                        }
                        long wait = chunk.due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (!dead) {
                            out.write(chunk.bytes);
                            out.flush();
                        }
                    }
                } catch (IOException | InterruptedException ignored) {
                    // one side closed
                } finally {
                    if (!dead) {
                        close(); // an end is passed on while forwarding; a dead link stays silent
                    }
                }
            }, "tcp-proxy-" + direction + "-write-" + from.getPort());
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(target);
            links.remove(this);
        }
    }

    /** Bytes read, and when they are due at the other side. */
    private record Chunk(long due, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
        }
    }
}
