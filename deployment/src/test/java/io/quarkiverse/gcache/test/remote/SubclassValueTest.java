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
 * REMOTE with a concrete class as the return type and a subclass as the value: written as the declared class, the
 * subclass's own properties would be dropped and a REMOTE hit would hand the caller a plain {@code Animal} for a
 * {@code Dog}. The caller gets the method's own object or an equal one of the same class, never another type.
 */
class SubclassValueTest {

    static final SharedRedis REDIS = SharedRedis.get(SubclassValueTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Animal.class, Dog.class, Animals.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Animals animals;

    @Inject
    GCache gcache;

    @Test
    void aSubclassValueComesBackAsItsOwnClassOrTheMethodRuns() {
        try (GCacheScope scope = gcache.enable()) {
            for (int round = 0; round < 2; round++) {
                Animal animal = animals.find("1");
                assertThat(animal).as("round " + round).isInstanceOf(Dog.class);
                assertThat(((Dog) animal).breed).isEqualTo("collie");
                assertThat(animal.name).isEqualTo("rex");
            }
        }
        // not written to REMOTE (a REMOTE hit could only give an Animal back): each round ran the method
        assertThat(Animals.RUNS).hasValue(2);
    }

    public static class Animal {
        public String name;
    }

    public static class Dog extends Animal {
        public String breed;
    }

    @ApplicationScoped
    public static class Animals {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "animal", remote = @GCached.Layer(ttl = "1h"))
        public Animal find(@GCacheId String id) {
            RUNS.incrementAndGet();
            Dog dog = new Dog();
            dog.name = "rex";
            dog.breed = "collie";
            return dog;
        }
    }
}
