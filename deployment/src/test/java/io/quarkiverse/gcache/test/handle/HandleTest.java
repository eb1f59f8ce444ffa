package io.quarkiverse.gcache.test.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.CacheEntries;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;

/**
 * SPEC §14, programmatic use: a {@code @GCacheUseCase GCacheHandle<T>} is a use case like a {@code @GCached} method's
 * (LOCAL here; REMOTE in {@link HandleRemoteTest}): the enable scope, hits and misses, named arguments in the key,
 * invalidation, its configuration properties and metrics, and the loader's own result or exception, always.
 */
class HandleTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(User.class, Profiles.class))
            // no ttl in the annotation: the property turns LOCAL on
            .overrideConfigKey("quarkus.gcache.use-case.\"HandleConfigured\".local.ttl", "1h")
            // a ttl in the annotation: the property ramps LOCAL down to nothing
            .overrideConfigKey("quarkus.gcache.use-case.\"HandleRampedOff\".local.ramp", "0");

    @Inject
    @GCacheUseCase(keyType = "user_id", value = "HandleUser", local = @GCached.Layer(ttl = "1h"))
    GCacheHandle<User> users;

    @Inject
    @GCacheUseCase(keyType = "user_id", value = "HandleConfigured")
    GCacheHandle<String> configured;

    @Inject
    @GCacheUseCase(keyType = "user_id", value = "HandleRampedOff", local = @GCached.Layer(ttl = "1h"))
    GCacheHandle<String> rampedOff;

    @Inject
    @GCacheUseCase(keyType = "user_id", value = "HandleNeverCalled", local = @GCached.Layer(ttl = "1h"))
    GCacheHandle<List<User>> neverCalled;

    @Inject
    Profiles profiles;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void reset() {
        gcache.flush();
        runs.set(0);
    }

    private Supplier<User> load(String id) {
        return () -> new User(id, runs.incrementAndGet());
    }

    @Test
    void aSecondCallIsALocalHitAndOutsideAScopeTheLoaderJustRuns() {
        assertThat(users.get("1", load("1"))).isEqualTo(new User("1", 1));
        assertThat(users.get("1", load("1"))).as("no scope: uncached").isEqualTo(new User("1", 2));
        try (GCacheScope scope = gcache.enable()) {
            User first = users.get("1", load("1"));
            assertThat(users.get("1", load("1"))).isSameAs(first);
            assertThat(users.get(1, load("1"))).as("the id 1 renders as \"1\"").isSameAs(first);
        }
        assertThat(runs).hasValue(3);
    }

    @Test
    void twoInjectionPointsOfOneUseCaseShareItsEntries() {
        try (GCacheScope scope = gcache.enable()) {
            User viaBean = profiles.user("2", load("2"));
            assertThat(users.get("2", load("2"))).isSameAs(viaBean);
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void argumentsKeyTheEntrySortedByNameWhateverTheMapOrder() {
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", "x y");
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", "x y");
        ab.put("b", 2);
        try (GCacheScope scope = gcache.enable()) {
            User plain = users.get("3", load("3"));
            User withArgs = users.get("3", ba, load("3"));
            User otherArgs = users.get("3", Map.of("a", "1"), load("3"));
            assertThat(List.of(plain.run(), withArgs.run(), otherArgs.run())).containsExactly(1, 2, 3);
            assertThat(users.get("3", ab, load("3"))).as("the same arguments in another order").isSameAs(withArgs);
            assertThat(users.get("3", Map.of(), load("3"))).as("no arguments").isSameAs(plain);
        }
        assertThat(runs).hasValue(3);
        List<String> urns = engine.entries()
                .page(CacheLayer.LOCAL, new CacheEntries.Filter(null, "3", "HandleUser"), null, 50, String::valueOf)
                .entries().stream().map(CacheEntries.Entry::urn).toList();
        assertThat(urns).containsExactlyInAnyOrder("{urn:gcache:user_id:3}#HandleUser",
                "{urn:gcache:user_id:3}?a=x%20y&b=2#HandleUser", "{urn:gcache:user_id:3}?a=1#HandleUser");
    }

    @Test
    void anArgumentNameKeysCannotCarryRunsTheLoaderUncached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.get("4", Map.of("not a name", 1), load("4"))).isEqualTo(new User("4", 1));
            assertThat(users.get("4", Map.of("not a name", 1), load("4"))).isEqualTo(new User("4", 2));
        }
        assertThat(metrics()).containsPattern("gcache_error_counter_total\\{error=\"[A-Za-z]+\",in_fallback=\"False\","
                + "key_type=\"user_id\",layer=\"GLOBAL\",use_case=\"HandleUser\"} [1-9]");
    }

    @Test
    void aNullIdRunsTheLoaderUncached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.get(null, load(null))).isEqualTo(new User(null, 1));
            assertThat(users.get(null, load(null))).isEqualTo(new User(null, 2));
        }
    }

    @Test
    void anInvalidationOfTheEntityDropsTheHandlesEntries() {
        try (GCacheScope scope = gcache.enable()) {
            users.get("5", load("5"));
            users.get("5", Map.of("page", 2), load("5"));
            gcache.invalidate("user_id", "5");
            assertThat(users.get("5", load("5")).run()).isEqualTo(3);
            assertThat(users.get("5", Map.of("page", 2), load("5")).run()).isEqualTo(4);
        }
    }

    @Test
    void deleteWithArgumentsDeletesThatEntryOnly() {
        try (GCacheScope scope = gcache.enable()) {
            User plain = users.get("10", load("10"));
            users.get("10", Map.of("a", 1, "b", "x"), load("10"));
            gcache.delete("HandleUser", "10", Map.of("b", "x", "a", "1"));
            assertThat(users.get("10", load("10"))).isSameAs(plain);
            assertThat(users.get("10", Map.of("a", 1, "b", "x"), load("10")).run()).isEqualTo(3);
            gcache.delete("HandleUser", "10");
            assertThat(users.get("10", load("10")).run()).isEqualTo(4);
        }
    }

    @Test
    void theUseCasesPropertiesApply() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(configured.get("6", () -> "c" + runs.incrementAndGet())).isEqualTo("c1");
            assertThat(configured.get("6", () -> "c" + runs.incrementAndGet())).as("the property's ttl").isEqualTo("c1");
            assertThat(rampedOff.get("6", () -> "r" + runs.incrementAndGet())).isEqualTo("r2");
            assertThat(rampedOff.get("6", () -> "r" + runs.incrementAndGet())).as("the property's ramp").isEqualTo("r3");
        }
    }

    @Test
    void theLoadersExceptionReachesTheCallerUnchanged() {
        IllegalStateException unchecked = new IllegalStateException("boom");
        IOException checked = new IOException("io");
        try (GCacheScope scope = gcache.enable()) {
            assertThatThrownBy(() -> users.get("7", () -> {
                throw unchecked;
            })).isSameAs(unchecked);
            assertThatThrownBy(() -> users.get("7", () -> sneaky(checked))).isSameAs(checked);
            assertThat(users.get("7", load("7"))).as("nothing was cached").isEqualTo(new User("7", 1));
        }
    }

    @Test
    void getUniHitsAndPassesTheLoadersFailureOn() {
        try (GCacheScope scope = gcache.enable()) {
            User first = users.getUni("8", () -> Uni.createFrom().item(load("8"))).await().indefinitely();
            User hit = users.getUni("8", () -> Uni.createFrom().item(load("8"))).await().indefinitely();
            assertThat(hit).isSameAs(first);
            User withArgs = users.getUni("8", Map.of("a", 1), () -> Uni.createFrom().item(load("8")))
                    .await().indefinitely();
            assertThat(withArgs.run()).isEqualTo(2);
            IllegalStateException failure = new IllegalStateException("uni boom");
            assertThatThrownBy(() -> users.getUni("9", () -> Uni.createFrom().<User> failure(failure))
                    .await().indefinitely()).isSameAs(failure);
            assertThat(users.getUni("9", () -> Uni.createFrom().item(load("9"))).await().indefinitely().run())
                    .as("the failure was not cached").isEqualTo(3);
        }
    }

    @Test
    void theHandlesUseCasesHaveTheirMetricsSeriesFromTheStart() {
        String body = metrics();
        for (String useCase : List.of("HandleUser", "HandleConfigured", "HandleNeverCalled")) {
            assertThat(body).contains("gcache_request_counter_total{key_type=\"user_id\",layer=\"LOCAL\",use_case=\""
                    + useCase + "\"}");
        }
        assertThat(engine.useCase("HandleNeverCalled").spec().getSignature())
                .isEqualTo("field " + HandleTest.class.getName()
                        + ".neverCalled (GCacheHandle<java.util.List<" + User.class.getName() + ">>)");
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T sneaky(Throwable t) throws E {
        throw (E) t;
    }

    public record User(String id, int run) {
    }

    /** A second injection point of the use case HandleUser, declared the same way: one use case, shared. */
    @ApplicationScoped
    public static class Profiles {

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "HandleUser", local = @GCached.Layer(ttl = "1h"))
        GCacheHandle<User> users;

        User user(String id, Supplier<User> loader) {
            return users.get(id, loader);
        }
    }
}
