package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Picks TCP ports that are free on 127.0.0.1 right now (another process may still take one later). */
final class LoopbackPorts {

    /** Redis Cluster listens on its port and on port + 10000 (the cluster bus). */
    static final int CLUSTER_BUS_OFFSET = 10000;

    /** Ports below Linux's ephemeral range (32768+), so that outgoing connections do not take them. */
    private static final int PAIR_LOW = 10000;
    private static final int PAIR_HIGH = 22000;

    private LoopbackPorts() {
    }

    /** 127.0.0.1 as an address (never ::1, whatever the JVM prefers). */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port free on 127.0.0.1, chosen by the OS. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** A port P such that both P and P + 10000 are free on 127.0.0.1 (for a cluster node). */
    static int freeWithClusterBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(PAIR_LOW, PAIR_HIGH);
            if (isFree(port) && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair P, P+" + CLUSTER_BUS_OFFSET + " with P in [" + PAIR_LOW + ", " + PAIR_HIGH + ")");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
