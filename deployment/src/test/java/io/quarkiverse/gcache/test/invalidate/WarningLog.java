package io.quarkiverse.gcache.test.invalidate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** The warnings GCache logs, formatted, collected from the application's log. */
final class WarningLog {

    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger("io.quarkiverse.gcache").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    LOGGED.add(record instanceof ExtLogRecord e ? e.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private WarningLog() {
    }

    /** Starts collecting (the first call installs the handler). */
    static void install() {
    }

    static List<String> containing(String part) {
        return LOGGED.stream().filter(m -> m != null && m.contains(part)).toList();
    }
}
