package io.quarkiverse.gcache.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** (5) Runs wrk (the Debian package) against this application's own HTTP endpoints, on loopback only. */
public final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    public record Result(String path, double requestsPerSecond, double p99Millis, String raw) {
    }

    private Wrk() {
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static Result run(int port, String path, int seconds, int connections) throws Exception {
        String url = "http://127.0.0.1:" + port + path;
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String text = out.toString();
        Matcher m = RPS.matcher(text);
        double rps = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        Matcher l = P99.matcher(text);
        double p99 = Double.NaN;
        if (l.find()) {
            double v = Double.parseDouble(l.group(1));
            p99 = switch (l.group(2)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            };
        }
        if (text.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw errors on " + url + ":\n" + text);
        }
        return new Result(path, rps, p99, text);
    }
}
