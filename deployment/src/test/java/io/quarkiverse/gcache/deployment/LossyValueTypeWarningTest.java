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
import io.smallrye.mutiny.Uni;

/**
 * The build warns, once per use case, about REMOTE use cases whose value type holds {@code Object} (it does not come
 * back from Redis as it went in), and stays quiet for precise types and for LOCAL-only use cases. The build succeeds.
 * ({@code Object} itself as the value type of a REMOTE use case is a build error, UnresolvedValueTypeException.)
 */
class LossyValueTypeWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, Price.class))
            .setLogRecordPredicate(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                    && r.getLoggerName().startsWith("io.quarkiverse.gcache"))
            .assertLogRecords(LossyValueTypeWarningTest::assertWarnings);

    static void assertWarnings(List<LogRecord> records) {
        List<String> messages = records.stream().map(r -> String.valueOf(r.getParameters() == null ? r.getMessage()
                : String.format(r.getMessage().replace("%s", "%s"), r.getParameters()))).toList();
        for (String useCase : List.of("LossyMap", "LossyUniList", "LossyRawList", "LossyArray",
                "LossyWildcard")) {
            assertThat(messages).as(useCase).filteredOn(m -> m.contains("use case " + useCase + " ")).hasSize(1)
                    .allSatisfy(m -> assertThat(m).contains("holds Object").contains(Catalog.class.getName())
                            .contains("Values in Redis"));
        }
        assertThat(messages).noneMatch(m -> m.contains("PreciseMap") || m.contains("LocalOnlyObject"));
    }

    @Test
    void theBuildSucceedsWithWarnings() {
        // assertWarnings checked the log of the build.
    }

    public record Price(String currency, java.math.BigDecimal amount) {
    }

    @ApplicationScoped
    public static class Catalog {

        @GCached(keyType = "item_id", useCase = "LossyMap", remote = @GCached.Layer(ttl = "1h"))
        public Map<String, Object> map(@GCacheId String id) {
            return Map.of();
        }

        @GCached(keyType = "item_id", useCase = "LossyUniList", remote = @GCached.Layer(ttl = "1h"))
        public Uni<List<Object>> uniList(@GCacheId String id) {
            return Uni.createFrom().item(List.of());
        }

        @SuppressWarnings("rawtypes")
        @GCached(keyType = "item_id", useCase = "LossyRawList", remote = @GCached.Layer(ttl = "1h"))
        public List rawList(@GCacheId String id) {
            return List.of();
        }

        @GCached(keyType = "item_id", useCase = "LossyArray", remote = @GCached.Layer(ttl = "1h"))
        public Object[][] array(@GCacheId String id) {
            return new Object[0][];
        }

        @GCached(keyType = "item_id", useCase = "LossyWildcard", remote = @GCached.Layer(ttl = "1h"))
        public List<?> wildcard(@GCacheId String id) {
            return List.of();
        }

        @GCached(keyType = "item_id", useCase = "PreciseMap", remote = @GCached.Layer(ttl = "1h"))
        public Map<String, Price> prices(@GCacheId String id) {
            return Map.of();
        }

        @GCached(keyType = "item_id", useCase = "LocalOnlyObject", local = @GCached.Layer(ttl = "1h"))
        public Object localOnly(@GCacheId String id) {
            return id;
        }
    }
}
