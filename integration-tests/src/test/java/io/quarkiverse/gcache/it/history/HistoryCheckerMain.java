package io.quarkiverse.gcache.it.history;

import java.nio.file.Path;
import java.time.Duration;

import io.quarkiverse.gcache.it.history.HistoryChecker.Verdict;

/**
 * Runs the history checker from the command line (see the guide's "History checker" page):
 * {@code --minutes=N} (or {@code --seconds=N}), {@code --cluster}, {@code --no-faults}, {@code --planted-bug},
 * {@code --seed=N}, {@code --base-port=N}, {@code --workers=N}, {@code --app=path/to/quarkus-run.jar}. Prints the
 * report and exits 1 on any violation.
 */
public final class HistoryCheckerMain {

    private HistoryCheckerMain() {
    }

    public static void main(String[] args) {
        HistoryRun.Options o = HistoryRun.Options.defaults(Duration.ofMinutes(1));
        Duration duration = o.duration();
        boolean cluster = false;
        boolean faults = true;
        boolean plantedBug = false;
        long seed = o.seed();
        int basePort = o.basePort();
        int workers = o.workersPerProcess();
        Path jar = o.jar();
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                case "--minutes" -> duration = Duration.ofMinutes(Long.parseLong(value));
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(value));
                case "--cluster" -> cluster = true;
                case "--no-faults" -> faults = false;
                case "--planted-bug" -> plantedBug = true;
                case "--seed" -> seed = Long.parseLong(value);
                case "--base-port" -> basePort = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--app" -> jar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "; see the javadoc of "
                        + HistoryCheckerMain.class.getName());
            }
        }
        HistoryRun.Options options = new HistoryRun.Options(duration, cluster, faults, plantedBug, seed, basePort,
                workers, jar, jar.toAbsolutePath().getParent().getParent(), HistoryRun.PING_INTERVAL);
        Verdict verdict = HistoryRun.run(plantedBug && !faults ? options.withoutSubscriptionPing() : options);
        System.out.println(verdict.report());
        System.exit(verdict.passed() ? 0 : 1);
    }
}
