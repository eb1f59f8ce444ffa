package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The JSON payload codec with a real {@code ObjectMapper} set up as Quarkus sets up the application's one by default
 * (modules found on the class path, dates as ISO strings, UTC, unknown properties tolerated): what comes back from
 * Redis, including each change the guide lists under "Values in Redis".
 */
class PayloadCodecTest {

    private static final ObjectMapper QUARKUS_DEFAULT = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));

    // ---- the listed changes, pinned ---------------------------------------------------------------------------

    @Test
    void anObjectValueComesBackAsAMap() throws Exception {
        Object back = roundTrip(Object.class, new Point(1, 2));
        assertThat(back).isInstanceOf(Map.class).isEqualTo(Map.of("x", 1, "y", 2));
    }

    @Test
    void inAMapOfObjectALongComesBackAsAnInteger() throws Exception {
        Map<?, ?> back = (Map<?, ?>) roundTrip(new TypeReference<Map<String, Object>>() {
        }.getType(), Map.of("n", 5L));
        assertThat(back.get("n")).isEqualTo(5).isInstanceOf(Integer.class);
    }

    @Test
    void inAMapOfObjectABigDecimalComesBackAsADouble() throws Exception {
        Map<?, ?> back = (Map<?, ?>) roundTrip(new TypeReference<Map<String, Object>>() {
        }.getType(), Map.of("price", new BigDecimal("0.10")));
        assertThat(back.get("price")).isEqualTo(0.1d).isInstanceOf(Double.class);
    }

    @Test
    void inAMapOfObjectAnInstantComesBackAsAString() throws Exception {
        Map<?, ?> back = (Map<?, ?>) roundTrip(new TypeReference<Map<String, Object>>() {
        }.getType(), Map.of("at", Instant.parse("2024-01-01T12:00:00Z")));
        assertThat(back.get("at")).isEqualTo("2024-01-01T12:00:00Z");
    }

    @Test
    void inAListOfObjectARecordComesBackAsAMap() throws Exception {
        Object back = roundTrip(new TypeReference<List<Object>>() {
        }.getType(), List.of(new Point(1, 2)));
        assertThat(back).isEqualTo(List.of(Map.of("x", 1, "y", 2)));
    }

    @Test
    void aZonedDateTimeComesBackAtTheSameInstantInUtc() throws Exception {
        ZonedDateTime paris = ZonedDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
        ZonedDateTime back = (ZonedDateTime) roundTrip(ZonedDateTime.class, paris);
        assertThat(back.toInstant()).isEqualTo(paris.toInstant());
        assertThat(back.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(back.equals(paris)).as("ZonedDateTime.equals compares the zone too").isFalse();
    }

    @Test
    void aJsonIgnoreFieldComesBackNull() throws Exception {
        Account back = (Account) roundTrip(Account.class, new Account("ann", "secret"));
        assertThat(back.name).isEqualTo("ann");
        assertThat(back.password).isNull();
    }

    // ---- what comes back as it went in ------------------------------------------------------------------------

    @Test
    void polymorphicValuesInsideContainersComeBack() throws Exception {
        List<Shape> list = List.of(new Circle(1), new Square(2));
        assertThat(roundTrip(new TypeReference<List<Shape>>() {
        }.getType(), list)).isEqualTo(list);
        Map<String, Shape> map = new LinkedHashMap<>(Map.of("a", new Circle(1)));
        assertThat(roundTrip(new TypeReference<Map<String, Shape>>() {
        }.getType(), map)).isEqualTo(map);
        assertThat(roundTrip(new TypeReference<Optional<Shape>>() {
        }.getType(), Optional.of(new Square(3)))).isEqualTo(Optional.of(new Square(3)));
    }

    @Test
    void derivedGettersAreWrittenAndSkippedOnRead() throws Exception {
        PayloadCodec codec = PayloadCodec.json(QUARKUS_DEFAULT, Person.class);
        byte[] payload = codec.encode(new Person("Ann", 40));
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"adult\":true");
        assertThat(codec.decode(payload, 0)).isEqualTo(new Person("Ann", 40));
    }

    @Test
    void aPropertyTheClassDoesNotWriteIsStillRejected() {
        PayloadCodec codec = PayloadCodec.json(QUARKUS_DEFAULT, Person.class);
        byte[] older = "{\"fullName\":\"Ann\",\"age\":40}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(older, 0)).isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("fullName");
    }

    @Test
    void aNestedDerivedGetterIsSkippedAndANestedUnknownPropertyIsRejected() throws Exception {
        Type type = new TypeReference<List<Person>>() {
        }.getType();
        PayloadCodec codec = PayloadCodec.json(QUARKUS_DEFAULT, type);
        assertThat(codec.decode(codec.encode(List.of(new Person("Ann", 4))), 0)).isEqualTo(List.of(new Person("Ann", 4)));
        byte[] older = "[{\"name\":\"Ann\",\"age\":4,\"nick\":\"A\"}]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(older, 0)).isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void aSubclassWithPropertiesOfItsOwnIsNotWrittenAsItsBaseClass() throws Exception {
        Dog dog = new Dog();
        dog.name = "rex";
        dog.breed = "collie";
        PayloadCodec codec = PayloadCodec.json(QUARKUS_DEFAULT, Animal.class);
        assertThatThrownBy(() -> codec.encode(dog)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Dog.class.getName()).hasMessageContaining("@JsonTypeInfo");
        // the declared class itself, and a subclass that writes nothing of its own (a proxy), come back
        Animal cat = new Animal();
        cat.name = "tom";
        assertThat(((Animal) codec.decode(codec.encode(cat), 0)).name).isEqualTo("tom");
        Animal proxy = new Animal() {
        };
        proxy.name = "px";
        assertThat(((Animal) codec.decode(codec.encode(proxy), 0)).name).isEqualTo("px");
    }

    @Test
    void aDateHoldingATimestampIsWrittenAsADate() throws Exception {
        java.sql.Timestamp ts = new java.sql.Timestamp(1_500L);
        Object back = roundTrip(java.util.Date.class, ts);
        assertThat(back).isEqualTo(new java.util.Date(1_500L));
    }

    public static class Animal {
        public String name;
    }

    public static class Dog extends Animal {
        public String breed;
    }

    private static Object roundTrip(Type type, Object value) throws Exception {
        PayloadCodec codec = PayloadCodec.json(QUARKUS_DEFAULT, type);
        return codec.decode(codec.encode(value), 0);
    }

    public record Point(int x, int y) {
    }

    public record Person(String name, int age) {
        public boolean isAdult() {
            return age >= 18;
        }
    }

    public static class Account {
        public String name;
        @JsonIgnore
        public String password;

        public Account() {
        }

        Account(String name, String password) {
            this.name = name;
            this.password = password;
        }
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
}
