package io.quarkiverse.gcache.runtime;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one timer thread of every deadline: a fill's (its followers stop waiting) and a bounded method's
 * ({@link MethodDeadline}). A daemon, so it never keeps the JVM alive; a cancelled deadline leaves its queue at once,
 * so calls that end in time leave nothing behind. Its tasks only complete futures or fail subscribers, and hand the
 * caller's own work back to the caller's context.
 */
final class DeadlineTimer {

    static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "gcache-fill-deadlines");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private DeadlineTimer() {
    }

    /** How many deadlines are armed now (for tests: calls that ended leave none). */
    static int armed() {
        return TIMER.getQueue().size();
    }
}
