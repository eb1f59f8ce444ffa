package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * REMOTE-only use cases, so that every second call decodes from a real Redis: polymorphic values inside containers,
 * and values with derived getters, come back equal, and the second call does not run the method.
 */
class RemoteValueShapesTest {

    static final SharedRedis REDIS = SharedRedis.get(RemoteValueShapesTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shapes.class, Shape.class, Circle.class, Square.class,
                    People.class, Person.class, Customer.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Shapes shapes;

    @Inject
    People people;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
    }

    // ---- polymorphic values inside containers ----------------------------------------------------------------

    @Test
    void aListOfPolymorphicValuesIsARemoteHit() {
        assertServedTwice(() -> shapes.list("1"), Shapes.LIST);
        assertThat(REDIS.command("GET", "{urn:gcache:drawing_id:1}#ShapesList").toString()).contains("\"kind\":");
    }

    @Test
    void aMapOfPolymorphicValuesIsARemoteHit() {
        assertServedTwice(() -> shapes.map("1"), Shapes.MAP);
    }

    @Test
    void anOptionalPolymorphicValueIsARemoteHit() {
        assertServedTwice(() -> shapes.optional("1"), Shapes.OPTIONAL);
    }

    @Test
    void aUniOfAListOfPolymorphicValuesIsARemoteHit() {
        assertServedTwice(() -> shapes.uni("1").await().indefinitely(), Shapes.UNI);
    }

    // ---- derived getters -------------------------------------------------------------------------------------

    @Test
    void aRecordWithADerivedGetterIsARemoteHit() {
        assertServedTwice(() -> people.person("1"), People.PERSON);
        assertThat(REDIS.command("GET", "{urn:gcache:person_id:1}#PeoplePerson").toString()).contains("\"adult\":true");
    }

    @Test
    void aBeanWithADerivedGetterIsARemoteHit() {
        assertServedTwice(() -> people.customer("1"), People.CUSTOMER);
    }

    @Test
    void aFieldTheClassNoLongerHasIsStillAMiss() {
        // An older shape of Person, with "nickname" where the record has none: not the record's own output.
        REDIS.command("SET", "{urn:gcache:person_id:2}#PeoplePerson",
                System.currentTimeMillis() + ":{\"name\":\"Ann\",\"age\":40,\"adult\":true,\"nickname\":\"A\"}");
        REDIS.command("SET", "{urn:gcache:person_id:2}#watermark", "0"); // else it is stale before it is read
        int before = People.PERSON.get();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(people.person("2")).isEqualTo(new Person("person-2", 40));
        }
        assertThat(People.PERSON.get() - before).as("the stale shape is a miss: the method ran").isEqualTo(1);
    }

    private <T> void assertServedTwice(java.util.function.Supplier<T> call, AtomicInteger calls) {
        int before = calls.get();
        try (GCacheScope scope = gcache.enable()) {
            T first = call.get();
            T second = call.get();
            assertThat(second).isEqualTo(first);
        }
        assertThat(calls.get() - before).as("the second call is a REMOTE hit").isEqualTo(1);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({ @JsonSubTypes.Type(value = Circle.class, name = "circle"),
            @JsonSubTypes.Type(value = Square.class, name = "square") })
    public interface Shape {
    }

    public record Circle(double radius) implements Shape {
    }

    public record Square(double side) implements Shape {
    }

    @ApplicationScoped
    public static class Shapes {
        static final AtomicInteger LIST = new AtomicInteger();
        static final AtomicInteger MAP = new AtomicInteger();
        static final AtomicInteger OPTIONAL = new AtomicInteger();
        static final AtomicInteger UNI = new AtomicInteger();

        @GCached(keyType = "drawing_id", useCase = "ShapesList", remote = @GCached.Layer(ttl = "1h"))
        public List<Shape> list(@GCacheId String id) {
            LIST.incrementAndGet();
            return List.of(new Circle(1), new Square(2));
        }

        @GCached(keyType = "drawing_id", useCase = "ShapesMap", remote = @GCached.Layer(ttl = "1h"))
        public Map<String, Shape> map(@GCacheId String id) {
            MAP.incrementAndGet();
            Map<String, Shape> map = new LinkedHashMap<>();
            map.put("a", new Circle(1));
            map.put("b", new Square(2));
            return map;
        }

        @GCached(keyType = "drawing_id", useCase = "ShapesOptional", remote = @GCached.Layer(ttl = "1h"))
        public Optional<Shape> optional(@GCacheId String id) {
            OPTIONAL.incrementAndGet();
            return Optional.of(new Circle(3));
        }

        @GCached(keyType = "drawing_id", useCase = "ShapesUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<List<Shape>> uni(@GCacheId String id) {
            return Uni.createFrom().item(() -> {
                UNI.incrementAndGet();
                return List.of(new Square(4), new Circle(5));
            });
        }
    }

    public record Person(String name, int age) {
        public boolean isAdult() {
            return age >= 18;
        }
    }

    public static class Customer {
        private String first;
        private String last;

        public Customer() {
        }

        public Customer(String first, String last) {
            this.first = first;
            this.last = last;
        }

        public String getFirst() {
            return first;
        }

        public void setFirst(String first) {
            this.first = first;
        }

        public String getLast() {
            return last;
        }

        public void setLast(String last) {
            this.last = last;
        }

        public String getFullName() {
            return first + " " + last;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && java.util.Objects.equals(first, c.first)
                    && java.util.Objects.equals(last, c.last);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(first, last);
        }
    }

    @ApplicationScoped
    public static class People {
        static final AtomicInteger PERSON = new AtomicInteger();
        static final AtomicInteger CUSTOMER = new AtomicInteger();

        @GCached(keyType = "person_id", useCase = "PeoplePerson", remote = @GCached.Layer(ttl = "1h"))
        public Person person(@GCacheId String id) {
            PERSON.incrementAndGet();
            return new Person("person-" + id, 40);
        }

        @GCached(keyType = "person_id", useCase = "PeopleCustomer", remote = @GCached.Layer(ttl = "1h"))
        public Customer customer(@GCacheId String id) {
            CUSTOMER.incrementAndGet();
            return new Customer("Ann", "Lee-" + id);
        }
    }
}
