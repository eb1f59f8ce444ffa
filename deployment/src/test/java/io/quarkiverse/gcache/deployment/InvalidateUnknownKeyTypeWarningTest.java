package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code @GCacheInvalidate} key type that no tracked {@code @GCached} method has (a typo, or another service's
 * entity) is a build warning naming the method and the key types there are; the build succeeds.
 */
class InvalidateUnknownKeyTypeWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .setLogRecordPredicate(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                    && r.getLoggerName().startsWith("io.quarkiverse.gcache"))
            .assertLogRecords(InvalidateUnknownKeyTypeWarningTest::assertWarnings);

    static void assertWarnings(List<LogRecord> records) {
        List<String> messages = records.stream().map(r -> r.getParameters() == null ? r.getMessage()
                : String.format(r.getMessage(), r.getParameters())).toList();
        assertThat(messages).filteredOn(m -> m.contains("@GCacheInvalidate(keyType = \"usr_id\")")).singleElement()
                .satisfies(m -> assertThat(m).contains("[class=" + Users.class.getName() + ", method=rename]")
                        .contains("reaches no tracked @GCached method").contains("[user_id]"));
        assertThat(messages).noneMatch(m -> m.contains("keyType = \"user_id\""));
    }

    @Test
    void theBuildSucceedsWithAWarning() {
        // assertWarnings checked the log of the build.
    }

    @ApplicationScoped
    public static class Users {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1m"))
        public String user(@GCacheId String id) {
            return id;
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        @GCacheInvalidate(keyType = "usr_id", idArg = "id")
        public void rename(String id) {
        }
    }
}
