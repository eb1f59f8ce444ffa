package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * REMOTE with an interface or an abstract class as the return type: JSON cannot construct one, so every REMOTE read is
 * a miss (logged) and the method runs; the caller always gets the method's own object, never another type.
 */
class AbstractValueTypeTest {

    static final SharedRedis REDIS = SharedRedis.get(AbstractValueTypeTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shape.class, Square.class, Base.class, Shapes.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Shapes shapes;

    @Inject
    GCache gcache;

    @Test
    void theCallerAlwaysGetsTheMethodsOwnObject() {
        try (GCacheScope scope = gcache.enable()) {
            for (int round = 0; round < 2; round++) {
                assertThat(shapes.iface("1")).isInstanceOf(Square.class).extracting(Shape::side).isEqualTo(2);
                assertThat(shapes.abs("1")).isInstanceOf(Square.class).extracting(Base::side).isEqualTo(3);
            }
        }
        // no REMOTE hit: each round ran both methods
        assertThat(Shapes.RUNS).hasValue(4);
    }

    public interface Shape {
        int side();
    }

    public abstract static class Base {
        public abstract int side();
    }

    public static class Square extends Base implements Shape {
        public int side;

        public Square() {
        }

        Square(int side) {
            this.side = side;
        }

        @Override
        public int side() {
            return side;
        }
    }

    @ApplicationScoped
    public static class Shapes {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "s", remote = @GCached.Layer(ttl = "1h"))
        public Shape iface(@GCacheId String id) {
            RUNS.incrementAndGet();
            return new Square(2);
        }

        @GCached(keyType = "s", remote = @GCached.Layer(ttl = "1h"))
        public Base abs(@GCacheId String id) {
            RUNS.incrementAndGet();
            return new Square(3);
        }
    }
}
