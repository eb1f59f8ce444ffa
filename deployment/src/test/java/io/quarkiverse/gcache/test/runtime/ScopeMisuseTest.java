package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Scopes closed out of order, or on another thread than the one that opened them: a close ends its own scope only,
 * a pooled thread is never left enabled for the next unrelated task, and each misuse is logged once.
 */
class ScopeMisuseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class));

    /** The warnings GCache logs about scopes, collected from the application's log. */
    static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();

    /** One pooled thread, so that the next task is known to run where the misused scopes were. */
    static final ExecutorService POOLED = Executors.newSingleThreadExecutor();

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        users.reset();
    }

    @BeforeAll
    static void collectWarnings() {
        Logger.getLogger("io.quarkiverse.gcache").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    LOGGED.add(record);
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

    @AfterAll
    static void stopExecutor() {
        POOLED.shutdownNow();
    }

    @Test
    void enableThenDisableClosedInTheWrongOrder() throws Exception {
        // STEP 1: a task opens enable() then disable() and closes them in the order it opened them
        List<Boolean> during = onPooledThread(() -> {
            GCacheScope enable = gcache.enable();
            GCacheScope disable = gcache.disable();
            enable.close();
            boolean afterFirstClose = gcache.isEnabled(); // disable() is still open
            disable.close();
            return List.of(afterFirstClose, gcache.isEnabled());
        });
        assertThat(during).as("[after enable.close(), after disable.close()]").containsExactly(false, false);
        // STEP 2: the next, unrelated task on that thread runs outside any scope
        assertNextTaskRunsUncached();
        assertThat(warnings("out of order")).hasSize(1);
    }

    @Test
    void aScopeClosedOnAnotherThread() throws Exception {
        // STEP 1: a task opens a scope and hands it to this thread, which closes it
        GCacheScope scope = onPooledThread(gcache::enable);
        scope.close();
        // STEP 2: the next task on the pooled thread runs outside any scope
        assertNextTaskRunsUncached();
        assertThat(warnings("another thread")).hasSize(1);
    }

    @Test
    void eachMisuseIsLoggedOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            onPooledThread(() -> {
                GCacheScope enable = gcache.enable();
                GCacheScope disable = gcache.disable();
                enable.close();
                disable.close();
                return null;
            });
            onPooledThread(gcache::enable).close();
        }
        assertThat(warnings("out of order")).hasSize(1);
        assertThat(warnings("another thread")).hasSize(1);
        assertNextTaskRunsUncached();
    }

    @Test
    void inOrderClosesStillRestoreTheOuterScope() throws Exception {
        List<Boolean> states = onPooledThread(() -> {
            try (GCacheScope outer = gcache.enable()) {
                try (GCacheScope inner = gcache.disable()) {
                    assertThat(gcache.isEnabled()).isFalse();
                }
                return List.of(gcache.isEnabled());
            }
        });
        assertThat(states).containsExactly(true);
        assertNextTaskRunsUncached();
    }

    private void assertNextTaskRunsUncached() throws Exception {
        int before = users.calls();
        Boolean enabled = onPooledThread(() -> {
            boolean e = gcache.isEnabled();
            users.profile("42");
            users.profile("42");
            return e;
        });
        assertThat(enabled).as("isEnabled() in the next task on the pooled thread").isFalse();
        assertThat(users.calls() - before).as("the cached method ran on each call").isEqualTo(2);
    }

    private static <T> T onPooledThread(java.util.concurrent.Callable<T> task) throws Exception {
        return POOLED.submit(task).get(30, TimeUnit.SECONDS);
    }

    private static List<LogRecord> warnings(String text) {
        return LOGGED.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(text))
                .toList();
    }

    @ApplicationScoped
    public static class Users {
        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "MisuseProfile", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
