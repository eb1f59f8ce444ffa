package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of one port, for network faults that a process cannot show: {@link #blackHole()}
 * makes every open connection, and every one accepted from then on, swallow what it reads in both directions without
 * ever closing, as a NAT or load balancer does when it drops a connection's state. The peers see no reset and no
 * end: only silence. {@link #restore()} forwards new connections again; the swallowed ones stay dead (a dropped NAT
 * entry never comes back) and are closed, as the TCP stack of a real peer eventually would.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean blackHoled;
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

        private void pump(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (!dead) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    if (!dead) {
                        close(); // an end is passed on while forwarding; a dead link stays silent
                    }
                }
            }, "tcp-proxy-" + direction + "-" + from.getPort());
            t.setDaemon(true);
            t.start();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(target);
            links.remove(this);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
        }
    }
}
