package io.quarkiverse.gcache.runtime.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The Dev UI's actions on LOCAL follow the engine's rules: driven directly, on an engine without CDI or Redis (the
 * Redis side is covered by the Dev UI tests of the deployment module, against a real redis-server).
 */
class GCacheJsonRPCServiceTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("the fill's thread ended").isTrue();
    }

    /**
     * Issue 13 part 6: a Dev UI "Delete" of a LOCAL entry moves the use case's generation, as the engine's own delete
     * does, so that a fill which started before the delete does not write the deleted entry back.
     */
    @Test
    void aDeleteOfALocalEntryKeepsAFillThatStartedBeforeItOutOfLocal() {
        GCacheEngine engine = engine();
        GCacheJsonRPCService service = new GCacheJsonRPCService(engine, null);
        UseCase profile = engine.useCase("Profile");
        String urn = profile.urn("42", engine.keyspace());
        assertThat(urn).isEqualTo("{urn:gcache:user_id:42}#Profile");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Future<Object> fill = pool.submit(() -> {
                try (GCacheScope scope = Scopes.open(true)) {
                    return engine.call(profile, new Object[] { "42" }, null, (target, params) -> {
                        started.countDown();
                        assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
                        return "read before the delete";
                    });
                }
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).as("the fill runs the method").isTrue();

            service.deleteEntry(urn, "LOCAL");
            release.countDown();

            assertThat(fill.get(30, TimeUnit.SECONDS)).isEqualTo("read before the delete");
            assertThat(profile.local().entries()).as("LOCAL after the Dev UI deleted %s", urn).doesNotContainKey("42");
        });
    }

    @Test
    void aDeleteOfALocalEntryRemovesItAndOnlyIt() throws Exception {
        GCacheEngine engine = engine();
        GCacheJsonRPCService service = new GCacheJsonRPCService(engine, null);
        UseCase profile = engine.useCase("Profile");
        try (GCacheScope scope = Scopes.open(true)) {
            for (String id : List.of("42", "a b")) {
                engine.call(profile, new Object[] { id }, null, (target, params) -> "v" + params[0]);
            }
        }
        assertThat(service.deleteEntry(profile.urn("a b", engine.keyspace()), "")).isEqualTo(1);
        assertThat(profile.local().entries()).containsOnlyKeys("42");
        assertThat(service.deleteEntry(profile.urn("a b", engine.keyspace()), "LOCAL")).isZero();
    }

    @Test
    void theKeyListPagesThroughLocalAndFiltersByTheIdAsTheMethodSawIt() throws Exception {
        GCacheEngine engine = engine();
        GCacheJsonRPCService service = new GCacheJsonRPCService(engine, null);
        UseCase profile = engine.useCase("Profile");
        try (GCacheScope scope = Scopes.open(true)) {
            for (String id : List.of("42", "a b")) {
                engine.call(profile, new Object[] { id }, null, (target, params) -> "v" + params[0]);
            }
        }
        Map<String, Object> first = service.getKeys("", "", "", "", "", 1);
        assertThat(first).containsEntry("cursor", "L1").containsEntry("remote", false).doesNotContainKey("note");
        assertThat(entries(first)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("urn", "{urn:gcache:user_id:42}#Profile").containsEntry("layer", "LOCAL")
                .containsEntry("id", "42").containsEntry("state", "fresh").containsEntry("preview", "v42")
                .containsEntry("size", 3L));
        Map<String, Object> second = service.getKeys("LOCAL", "", "", "", "L1", 1);
        assertThat(second.get("cursor")).isNull();
        assertThat(entries(second)).extracting(e -> e.get("urn")).containsExactly("{urn:gcache:user_id:a%20b}#Profile");
        assertThat(entries(service.getKeys("", "user_id", "a b", "Profile", "", 10))).extracting(e -> e.get("id"))
                .containsExactly("a b");
        assertThatIllegalArgumentException().isThrownBy(() -> service.getKeys("", "", "", "", "L1x", 10))
                .withMessageContaining("cursor 'L1x'");
        assertThatIllegalArgumentException().isThrownBy(() -> service.getKeys("GLOBAL", "", "", "", "", 10))
                .withMessageContaining("layer must be LOCAL, REMOTE or empty");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("entries");
    }

    private static GCacheEngine engine() {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase("Profile");
        spec.setKeyType("user_id");
        spec.setTracked(true);
        spec.setReturnKind(ReturnKind.PLAIN);
        spec.setDeclaringClass("org.acme.Service");
        spec.setMethodName("profile");
        spec.setMethodKey("org.acme.Service#profile");
        KeyPartSpec id = new KeyPartSpec();
        id.setName("user");
        id.setPosition(0);
        id.setValueKey(true);
        spec.setId(id);
        spec.setArgs(List.of());
        spec.setLocalTtl("1h");
        spec.setLocalRamp(100);
        return new GCacheEngine(List.of(spec), "urn:gcache", 1024, s -> 10_000,
                new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(new HashMap<>(), "test", 500)).build(),
                null, null, name -> {
                    throw new IllegalStateException("no classes to instantiate: " + name);
                }, () -> true, GCacheMetrics.NONE);
    }
}
