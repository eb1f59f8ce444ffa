package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The warning about REMOTE value types that hold {@code Object} looks at the value type as each bean binds it: a
 * {@code List<T>} inherited by {@code Repo<Map<String, Object>>} is a {@code List<Map<String, Object>>}, lossy, and
 * the warning names that bean; the same method in a bean with a precise binding stays quiet.
 */
class InheritedLossyValueTypeWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, Price.class, RowRepo.class, PriceRepo.class))
            .setLogRecordPredicate(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                    && r.getLoggerName().startsWith("io.quarkiverse.gcache"))
            .assertLogRecords(InheritedLossyValueTypeWarningTest::assertWarnings);

    static void assertWarnings(List<LogRecord> records) {
        List<String> messages = records.stream().map(r -> String.valueOf(r.getParameters() == null ? r.getMessage()
                : String.format(r.getMessage(), r.getParameters()))).toList();
        assertThat(messages).filteredOn(m -> m.contains("use case RowRepo.all ")).hasSize(1)
                .allSatisfy(m -> assertThat(m).contains("holds Object")
                        .contains("java.util.List<java.util.Map<java.lang.String, java.lang.Object>>")
                        .contains(RowRepo.class.getName()));
        assertThat(messages).noneMatch(m -> m.contains("PriceRepo.all"));
    }

    @Test
    void theBuildSucceedsWithOneWarning() {
        // assertWarnings checked the log of the build.
    }

    public record Price(String currency, java.math.BigDecimal amount) {
    }

    public abstract static class Repo<T> {
        @GCached(keyType = "table", remote = @GCached.Layer(ttl = "1h"))
        public List<T> all(@GCacheId String table) {
            return List.of();
        }
    }

    @ApplicationScoped
    public static class RowRepo extends Repo<Map<String, Object>> {
    }

    @ApplicationScoped
    public static class PriceRepo extends Repo<Price> {
    }
}
