package io.quarkiverse.gcache.test.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny blocking Redis client for tests: one socket, RESP2, one command at a time.
 * <p>
 * Replies are mapped to plain Java objects: simple and bulk strings to {@link String}, integers to
 * {@link Long}, arrays to {@link List}, null bulk strings and null arrays to {@code null}; an error
 * reply is thrown as {@link RedisErrorReply}. I/O failures, including a read that times out
 * (cause {@link java.net.SocketTimeoutException}), are thrown as {@link UncheckedIOException};
 * after one the connection should be closed.
 */
public final class RedisConnection implements AutoCloseable {

    /** The timeout used when none is given: for connecting and for each reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code 127.0.0.1:port} with {@link #DEFAULT_TIMEOUT}.
     *
     * @param port the server's port
     * @return an open connection
     */
    public static RedisConnection open(int port) {
        return open("127.0.0.1", port, DEFAULT_TIMEOUT);
    }

    /**
     * Connects to {@code host:port}.
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout bounds the connect and each later wait for a reply
     * @return an open connection
     * @throws UncheckedIOException if the server cannot be reached in time
     */
    public static RedisConnection open(String host, int port, Duration timeout) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(millis);
            socket.connect(new InetSocketAddress(host, port), millis);
            return new RedisConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to redis at " + host + ":" + port, e);
        }
    }

    /**
     * Sends one command and waits for its reply.
     *
     * @param args the command and its arguments, e.g. {@code "SET", "k", "v"}
     * @return the reply as String, Long, List (of these) or null
     * @throws RedisErrorReply if the server answers with an error
     * @throws UncheckedIOException if the reply does not come in time or the connection breaks
     */
    public Object command(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        try {
            out.write(encode(args));
            out.flush();
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException("redis command " + args[0] + " failed on port " + socket.getPort(), e);
        }
    }

    /** Closes the socket; never throws. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static byte[] encode(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        writeAscii(buf, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(buf, "$" + bytes.length + "\r\n");
            buf.writeBytes(bytes);
            writeAscii(buf, "\r\n");
        }
        return buf.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream buf, String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by the server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk string");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "' (only RESP2 is supported)");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
