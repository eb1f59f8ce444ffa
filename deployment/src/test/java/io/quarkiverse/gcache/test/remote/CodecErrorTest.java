package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheCodec;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A {@link GCacheCodec} that fails with an {@code Error} rather than an exception (a class changed between deploys
 * gives a {@link NoClassDefFoundError}, a serializer whose static initialiser failed an
 * {@link ExceptionInInitializerError}) is still a failure of the cache (SPEC §9): the caller gets the method's own
 * result, never the codec's error.
 */
class CodecErrorTest {

    static final SharedRedis REDIS = SharedRedis.get(CodecErrorTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Values.class, BrokenCodec.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Values values;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
    }

    @Test
    void anErrorDecodingARemoteEntryIsAMissAndTheMethodRuns() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(values.undecodable("1")).isEqualTo("undecodable-1-1");
            assertThat(REDIS.command("EXISTS", "{urn:gcache:thing_id:1}#Undecodable").toString()).isEqualTo("1");
            assertThat(values.undecodable("1")).isEqualTo("undecodable-1-2");
        }
    }

    @Test
    void anErrorDecodingARemoteEntryOfAUniIsAMissAndTheMethodRuns() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(values.undecodableUni("1").await().indefinitely()).isEqualTo("undecodable-uni-1-1");
            assertThat(values.undecodableUni("1").await().indefinitely()).isEqualTo("undecodable-uni-1-2");
        }
    }

    @Test
    void anErrorEncodingTheMethodsResultStillGivesTheResult() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(values.unencodable("1")).isEqualTo("unencodable-1-1");
            assertThat(values.unencodable("1")).isEqualTo("unencodable-1-2");
        }
    }

    @Test
    void anErrorEncodingTheResultOfAUniStillGivesTheResult() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(values.unencodableUni("1").await().indefinitely()).isEqualTo("unencodable-uni-1-1");
        }
    }

    @ApplicationScoped
    public static class Values {
        final AtomicInteger undecodable = new AtomicInteger();
        final AtomicInteger undecodableUni = new AtomicInteger();
        final AtomicInteger unencodable = new AtomicInteger();
        final AtomicInteger unencodableUni = new AtomicInteger();

        @GCached(keyType = "thing_id", useCase = "Undecodable", remote = @GCached.Layer(ttl = "1h"))
        public String undecodable(@GCacheId String id) {
            return "undecodable-" + id + "-" + undecodable.incrementAndGet();
        }

        @GCached(keyType = "thing_id", useCase = "UndecodableUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> undecodableUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> "undecodable-uni-" + id + "-" + undecodableUni.incrementAndGet());
        }

        @GCached(keyType = "thing_id", useCase = "Unencodable", remote = @GCached.Layer(ttl = "1h"))
        public String unencodable(@GCacheId String id) {
            return "unencodable-" + id + "-" + unencodable.incrementAndGet();
        }

        @GCached(keyType = "thing_id", useCase = "UnencodableUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> unencodableUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> "unencodable-uni-" + id + "-" + unencodableUni.incrementAndGet());
        }
    }

    /** Writes the value as UTF-8; cannot read back (Undecodable*) or cannot write (Unencodable*). */
    @ApplicationScoped
    public static class BrokenCodec implements GCacheCodec {
        @Override
        public boolean handles(String useCase) {
            return true;
        }

        @Override
        public byte[] encode(Object value) {
            if (((String) value).startsWith("unencodable")) {
                throw new ExceptionInInitializerError("the serializer's static initialiser failed");
            }
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] payload, Type valueType) {
            throw new NoClassDefFoundError("org/acme/ThingV1");
        }
    }
}
