package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §3 and §15, keys that cannot collide, as a property over generated inputs: for every use case, argument tuples
 * that are not equal give different LOCAL keys and different URNs, and equal tuples the same ones. The inputs are
 * drawn (from a fixed seed, so a failure repeats) from strings built of every class the key builder escapes ({@code %
 * # { } ? &}, white space, control characters, the characters that shape a record, a list or a map), lone surrogates,
 * {@code null}, the literal texts an escape or {@code null} renders to, nested records, lists, maps and
 * {@code Optional}s; ids are drawn the same way. The keys are the ones a call builds ({@link UseCase#localKey}, then
 * {@link UseCase#urn}), through the woven use cases.
 */
class KeyInjectivityTest {

    static final long SEED = 17;
    static final int TUPLES = 20_000;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Keyed.class, Inner.class, Outer.class))
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    /** Texts that are hard for an escaping scheme: its own escapes, its delimiters, what null renders to. */
    static final String[] TOKENS = { "a", "b", "1", "", "%", "%25", "%2C", "%null", "null", "#", "{", "}", "?", "&",
            "=", ",", ", ", "(", ")", "[", "]", ":", "\\", "\\%", "\"", " ", "\t", "\n", "\r", "\u0000", "\u007f",
            "\u0085", "\u00a0", "\u2028", "é", "😀", "\uD800", "\uDC00", "\uDBFF", "Optional.empty", "Optional[",
            "(s=a,n=1)", "[a, b]", "{a=b}", "?x=1", "#watermark", "}?", "&b=" };

    @Inject
    GCacheEngine engine;

    @Test
    void stringArgumentsAndIds() {
        assertInjective("PStrings", r -> new Object[] { id(r), string(r, true), string(r, true) });
    }

    @Test
    void untrackedUseCaseStringArgumentsAndIds() {
        assertInjective("PUntracked", r -> new Object[] { id(r), string(r, true), string(r, true) });
    }

    @Test
    void anIdAlone() {
        assertInjective("PId", r -> new Object[] { id(r) });
    }

    @Test
    void listsMapsRecordsAndOptionals() {
        assertInjective("PStructured", r -> new Object[] { id(r), list(r), map(r), inner(r), optional(r) });
    }

    @Test
    void nestedRecordsListsAndMaps() {
        assertInjective("PNested", r -> new Object[] { id(r), outer(r), r.nextInt(4) == 0 ? null : list(r) });
    }

    /**
     * Draws {@link #TUPLES} tuples and checks that the keys are a function of the tuple that forgets nothing: each
     * LOCAL key and each URN is seen again only with an equal tuple.
     */
    private void assertInjective(String useCase, Function<Random, Object[]> draw) {
        UseCase uc = engine.useCase(useCase);
        Random random = new Random(SEED);
        Map<Object, List<Object>> byLocalKey = new HashMap<>();
        Map<String, List<Object>> byUrn = new HashMap<>();
        Map<List<Object>, String> urnOf = new HashMap<>();
        int distinct = 0;
        for (int i = 0; i < TUPLES; i++) {
            Object[] params = draw.apply(random);
            List<Object> tuple = Arrays.asList(params);
            Object localKey;
            try {
                localKey = uc.localKey(params);
            } catch (RuntimeException e) {
                assertThat(params[0]).as("only an empty id has no key").isEqualTo("");
                continue;
            }
            String urn = uc.urn(localKey, engine.keyspace());
            List<Object> before = byLocalKey.putIfAbsent(localKey, tuple);
            if (before != null && !before.equals(tuple)) {
                fail("Use case %s: LOCAL key %s for both %s and %s", useCase, localKey, show(before), show(tuple));
            }
            before = byUrn.putIfAbsent(urn, tuple);
            if (before != null && !before.equals(tuple)) {
                fail("Use case %s: URN %s for both %s and %s", useCase, urn, show(before), show(tuple));
            }
            String earlier = urnOf.putIfAbsent(tuple, urn);
            if (earlier != null) {
                assertThat(urn).as("equal tuples, equal URNs").isEqualTo(earlier);
            } else {
                distinct++;
            }
        }
        // the draw is rich enough to mean something: mostly distinct tuples, but also repeats
        assertThat(distinct).isBetween(TUPLES / 4, TUPLES - 1);
    }

    private static String show(List<Object> tuple) {
        StringBuilder sb = new StringBuilder("(");
        for (Object o : tuple) {
            sb.append(o == null ? "null" : o.getClass().getSimpleName() + ":" + escapeJava(String.valueOf(o))).append("; ");
        }
        return sb.append(')').toString();
    }

    private static String escapeJava(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    static String string(Random r, boolean nullable) {
        if (nullable && r.nextInt(8) == 0) {
            return null;
        }
        int n = r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(TOKENS[r.nextInt(TOKENS.length)]);
        }
        return sb.toString();
    }

    static String id(Random r) {
        return string(r, false);
    }

    static List<String> list(Random r) {
        int n = r.nextInt(4);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(string(r, true));
        }
        return list;
    }

    static Map<String, String> map(Random r) {
        if (r.nextInt(8) == 0) {
            return null;
        }
        int n = r.nextInt(3);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(string(r, true), string(r, true));
        }
        return map;
    }

    static Inner inner(Random r) {
        return r.nextInt(8) == 0 ? null : new Inner(string(r, true), r.nextInt(4) == 0 ? null : r.nextInt(3));
    }

    static Optional<String> optional(Random r) {
        String s = string(r, true);
        return s == null ? Optional.empty() : Optional.of(s);
    }

    static Outer outer(Random r) {
        if (r.nextInt(8) == 0) {
            return null;
        }
        List<Inner> inners = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            inners.add(inner(r));
        }
        Map<String, Inner> byName = new HashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            byName.put(string(r, true), inner(r));
        }
        return new Outer(inner(r), inners, byName, string(r, true));
    }

    public record Inner(String s, Integer n) {
    }

    public record Outer(Inner inner, List<Inner> inners, Map<String, Inner> byName, String label) {
    }

    @ApplicationScoped
    public static class Keyed {

        @GCached(keyType = "user_id", useCase = "PStrings", local = @GCached.Layer(ttl = "1h"))
        public String strings(@GCacheId String id, String a, String b) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "PUntracked", trackForInvalidation = false,
                local = @GCached.Layer(ttl = "1h"))
        public String untracked(@GCacheId String id, String a, String b) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "PId", local = @GCached.Layer(ttl = "1h"))
        public String id(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "PStructured", local = @GCached.Layer(ttl = "1h"))
        public String structured(@GCacheId String id, List<String> list, Map<String, String> map, Inner inner,
                Optional<String> optional) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "PNested", local = @GCached.Layer(ttl = "1h"))
        public String nested(@GCacheId String id, Outer outer, List<String> tags) {
            return id;
        }
    }
}
