package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code @GCacheInvalidate} key type that only a tracked {@code GCacheHandle} use case has reaches that use case:
 * no "reaches no tracked use case" warning for it.
 */
class InvalidateHandleKeyTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Orders.class))
            .setLogRecordPredicate(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                    && r.getLoggerName().startsWith("io.quarkiverse.gcache"))
            .assertLogRecords(InvalidateHandleKeyTypeTest::assertWarnings);

    static void assertWarnings(List<LogRecord> records) {
        List<String> messages = records.stream().map(r -> r.getParameters() == null ? r.getMessage()
                : String.format(r.getMessage(), r.getParameters())).toList();
        assertThat(messages).noneMatch(m -> m.contains("keyType = \"order_id\""));
        assertThat(messages).filteredOn(m -> m.contains("keyType = \"ordr_id\"")).singleElement()
                .satisfies(m -> assertThat(m).contains("[order_id]"));
    }

    @Test
    void theBuildSucceedsWithoutAWarningForTheHandlesKeyType() {
        // assertWarnings checked the log of the build.
    }

    @ApplicationScoped
    public static class Orders {

        @Inject
        @GCacheUseCase(keyType = "order_id", value = "GetOrder")
        GCacheHandle<String> orders;

        @GCacheInvalidate(keyType = "order_id", idArg = "id")
        @GCacheInvalidate(keyType = "ordr_id", idArg = "id")
        public void cancel(String id) {
        }
    }
}
