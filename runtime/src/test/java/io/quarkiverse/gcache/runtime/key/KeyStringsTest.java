package io.quarkiverse.gcache.runtime.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The stable string form of key values: the same value always gives the same string, different values differ. */
class KeyStringsTest {

    enum Status {
        ACTIVE,
        BLOCKED {
            @Override
            public String toString() {
                return "blocked (do not use)";
            }
        }
    }

    record Page(int number, String sort) {
    }

    @Test
    void stringIsItself() {
        String s = "status:active";
        assertThat(KeyStrings.render(s)).isSameAs(s);
        assertThat(KeyStrings.render("")).isEmpty();
    }

    @Test
    void nullIsPercentNullWhichNoValueRendersTo() {
        assertThat(KeyStrings.render(null)).isEqualTo("%null");
        assertThat(KeyStrings.render(Arrays.asList((Object) null))).isEqualTo("[%null]");
        assertThat(KeyStrings.render(Arrays.asList((Object) null))).isNotEqualTo(KeyStrings.render(List.of("null")));
        assertThat(KeyStrings.render(Arrays.asList((Object) null))).isNotEqualTo(KeyStrings.render(List.of("%null")));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThat(KeyStrings.render(nullValue)).isNotEqualTo(KeyStrings.render(Map.of("k", "null")));
    }

    @Test
    void enumIsItsNameNotItsToString() {
        assertThat(KeyStrings.render(Status.ACTIVE)).isEqualTo("ACTIVE");
        assertThat(KeyStrings.render(Status.BLOCKED)).isEqualTo("BLOCKED");
    }

    @Test
    void scalarsAreTheirToString() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(KeyStrings.render(42)).isEqualTo("42");
        assertThat(KeyStrings.render(42L)).isEqualTo("42");
        assertThat(KeyStrings.render(true)).isEqualTo("true");
        assertThat(KeyStrings.render('c')).isEqualTo("c");
        assertThat(KeyStrings.render(1.5d)).isEqualTo("1.5");
        assertThat(KeyStrings.render(new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(KeyStrings.render(uuid)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(KeyStrings.render(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(KeyStrings.render(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(KeyStrings.render(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    }

    record Filters(String status, String sort) {
    }

    /** Its toString() hides its value, as applications' records may. */
    record Secret(String value) {
        @Override
        public String toString() {
            return "Secret[***]";
        }
    }

    record Nested(Page page, List<Page> pages, Map<String, Page> byName, String note) {
    }

    @Test
    void recordIsItsComponentsByNameInDeclarationOrder() {
        assertThat(KeyStrings.render(new Page(2, "created"))).isEqualTo("(number=2,sort=created)");
    }

    @Test
    void recordComponentValuesAreEscaped() {
        // SPEC §15: ',', '(', ')' and '=' (and '%', the escape itself) are percent-encoded inside component values
        assertThat(KeyStrings.render(new Filters("a,b", "x"))).isEqualTo("(status=a%2Cb,sort=x)");
        assertThat(KeyStrings.render(new Filters("(=)%", null))).isEqualTo("(status=%28%3D%29%25,sort=%null)");
        assertThat(KeyStrings.render(new Filters("active, sort=name", "date")))
                .isNotEqualTo(KeyStrings.render(new Filters("active", "name, sort=date")));
        assertThat(KeyStrings.render(new Filters(null, "x"))).isNotEqualTo(KeyStrings.render(new Filters("null", "x")));
        assertThat(KeyStrings.render(new Filters(null, "x"))).isNotEqualTo(KeyStrings.render(new Filters("%null", "x")));
    }

    @Test
    void recordIsNeverItsOwnToString() {
        assertThat(KeyStrings.render(new Secret("a"))).isEqualTo("(value=a)");
        assertThat(KeyStrings.render(new Secret("a"))).isNotEqualTo(KeyStrings.render(new Secret("b")));
    }

    @Test
    void nestedRecordsListsAndMapsOfRecordsAreRenderedByComponents() {
        Nested nested = new Nested(new Page(1, "a"), List.of(new Page(2, "b,c")), Map.of("k", new Page(3, "d")), "e");
        assertThat(KeyStrings.render(nested))
                .isEqualTo("(page=(number=1,sort=a),pages=[(number=2,sort=b%2Cc)],byName={k=(number=3,sort=d)},note=e)");
        assertThat(KeyStrings.render(List.of(new Secret("a"), new Secret("b")))).isEqualTo("[(value=a), (value=b)]");
        assertThat(KeyStrings.render(List.of(new Page(1, "a, b"))))
                .isNotEqualTo(KeyStrings.render(List.of(new Page(1, "a"), new Page(1, "b"))));
    }

    @Test
    void recordsOfOneClassAreReadWithoutLookingThemUpAgain() {
        // The accessors are looked up once per record class; a second value of the class reads through them.
        for (int i = 0; i < 3; i++) {
            assertThat(KeyStrings.render(new Page(i, "s" + i))).isEqualTo("(number=" + i + ",sort=s" + i + ")");
        }
    }

    @Test
    void datesAreTheirInstantWithFullPrecision() {
        assertThat(KeyStrings.render(new Date(1000))).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(KeyStrings.render(new Date(1500))).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(KeyStrings.render(new java.sql.Date(1500))).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(KeyStrings.render(new java.sql.Time(1500))).isEqualTo("1970-01-01T00:00:01.500Z");
        java.sql.Timestamp ts = new java.sql.Timestamp(1000);
        ts.setNanos(123456789);
        assertThat(KeyStrings.render(ts)).isEqualTo("1970-01-01T00:00:01.123456789Z");
        Calendar paris = new GregorianCalendar(TimeZone.getTimeZone("Europe/Paris"));
        paris.setTimeInMillis(1500);
        Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        utc.setTimeInMillis(1500);
        assertThat(KeyStrings.render(paris)).isEqualTo("1970-01-01T00:00:01.500Z[Europe/Paris]");
        assertThat(KeyStrings.render(paris)).isNotEqualTo(KeyStrings.render(utc));
    }

    @Test
    void optionalIsItsValue() {
        assertThat(KeyStrings.render(Optional.of(new Secret("a")))).isEqualTo("Optional[(value=a)]");
        assertThat(KeyStrings.render(Optional.of(new Secret("a")))).isNotEqualTo(KeyStrings.render(Optional.of(new Secret("b"))));
        assertThat(KeyStrings.render(Optional.empty())).isEqualTo("Optional.empty");
        assertThat(KeyStrings.render(Optional.of(List.of(new Date(1500))))).isEqualTo("Optional[[1970-01-01T00:00:01.500Z]]");
    }

    @Test
    void listKeepsItsOrder() {
        assertThat(KeyStrings.render(List.of("b", "a", "c"))).isEqualTo("[b, a, c]");
        assertThat(KeyStrings.render(List.of("a", "b"))).isNotEqualTo(KeyStrings.render(List.of("b", "a")));
        assertThat(KeyStrings.render(List.of())).isEqualTo("[]");
    }

    @Test
    void listRendersItsElementsLikeKeyValues() {
        assertThat(KeyStrings.render(List.of(Status.BLOCKED, Status.ACTIVE))).isEqualTo("[BLOCKED, ACTIVE]");
        assertThat(KeyStrings.render(Arrays.asList("a", null))).isEqualTo("[a, %null]");
        assertThat(KeyStrings.render(List.of(List.of(1, 2), List.of(3)))).isEqualTo("[[1, 2], [3]]");
    }

    @Test
    void equalListsOfDifferentClassesGiveOneString() {
        assertThat(KeyStrings.render(new ArrayList<>(List.of(1, 2)))).isEqualTo(KeyStrings.render(List.of(1, 2)));
    }

    @Test
    void mapIsRenderedInKeyOrderWhateverItsIterationOrder() {
        Map<String, Integer> insertion = new LinkedHashMap<>();
        insertion.put("zeta", 1);
        insertion.put("alpha", 2);
        insertion.put("mid", 3);
        Map<String, Integer> sorted = new TreeMap<>(insertion);
        Map<String, Integer> hashed = new HashMap<>(insertion);

        assertThat(KeyStrings.render(insertion)).isEqualTo("{alpha=2, mid=3, zeta=1}");
        assertThat(KeyStrings.render(sorted)).isEqualTo("{alpha=2, mid=3, zeta=1}");
        assertThat(KeyStrings.render(hashed)).isEqualTo("{alpha=2, mid=3, zeta=1}");
        assertThat(KeyStrings.render(Map.of())).isEqualTo("{}");
    }

    @Test
    void mapKeysAreOrderedByTheirKeyString() {
        // Enum keys by name, not by ordinal; numbers as strings.
        Map<Status, String> byEnum = new LinkedHashMap<>();
        byEnum.put(Status.BLOCKED, "b");
        byEnum.put(Status.ACTIVE, "a");
        Map<Integer, String> byNumber = new LinkedHashMap<>();
        byNumber.put(9, "nine");
        byNumber.put(10, "ten");

        assertThat(KeyStrings.render(byEnum)).isEqualTo("{ACTIVE=a, BLOCKED=b}");
        assertThat(KeyStrings.render(byNumber)).isEqualTo("{10=ten, 9=nine}");
    }

    @Test
    void mapValuesAreRenderedLikeKeyValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tags", List.of("x", "y"));
        map.put("status", Status.BLOCKED);
        map.put("nested", Map.of("b", 2, "a", 1));
        map.put("none", null);

        assertThat(KeyStrings.render(map)).isEqualTo("{nested={a=1, b=2}, none=%null, status=BLOCKED, tags=[x, y]}");
        assertThat(KeyStrings.render(List.of(Map.of("b", 2, "a", 1)))).isEqualTo("[{a=1, b=2}]");
    }

    @Test
    void listElementsCannotForgeOtherElements() {
        // One element that contains the separator is not two elements.
        assertThat(KeyStrings.render(List.of("a, b"))).isNotEqualTo(KeyStrings.render(List.of("a", "b")));
        assertThat(KeyStrings.render(List.of("[a]"))).isNotEqualTo(KeyStrings.render(List.of(List.of("a"))));
        assertThat(KeyStrings.render(List.of("a]", "b"))).isNotEqualTo(KeyStrings.render(List.of("a", "]b")));
    }

    @Test
    void mapEntriesCannotForgeOtherEntries() {
        assertThat(KeyStrings.render(Map.of("a", "1, b=2"))).isNotEqualTo(KeyStrings.render(Map.of("a", "1", "b", "2")));
        assertThat(KeyStrings.render(Map.of("a=b", "c"))).isNotEqualTo(KeyStrings.render(Map.of("a", "b=c")));
        assertThat(KeyStrings.render(Map.of("a", "{b=c}"))).isNotEqualTo(KeyStrings.render(Map.of("a", Map.of("b", "c"))));
    }

    @Test
    void escapingInsideCollectionsIsItselfUnambiguous() {
        // A backslash in an element is escaped too, so an element cannot fake an escape.
        assertThat(KeyStrings.render(List.of("a\\", "b"))).isNotEqualTo(KeyStrings.render(List.of("a\\, b")));
        assertThat(KeyStrings.render(List.of("plain", "x:y"))).isEqualTo("[plain, x:y]");
    }
}
