package io.quarkiverse.gcache.runtime.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The key layout of SPEC §3: every worked example of {@code shared/key-vectors.json}, the long-key rule, the
 * escaping of each special character class, and the keys, channel and patterns built from the prefix and parsed back.
 */
class KeyspaceTest {

    private static final String[] NO_NAMES = {};

    // ---- key-vectors.json ----------------------------------------------------------------------------------

    static Stream<Arguments> vectors() throws IOException {
        JsonNode root = new ObjectMapper().readTree(keyVectorsFile().toFile());
        JsonNode vectors = root.get("vectors");
        assertThat(vectors).as("the 'vectors' array of key-vectors.json").isNotNull();
        assertThat(vectors.size()).as("number of key vectors").isPositive();
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            arguments.add(Arguments.of(i, v.get("key").asText(), v));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "vector {0}: {1}")
    @MethodSource("vectors")
    void buildsTheKeyOfEveryVector(int index, String expectedKey, JsonNode vector) {
        // The args of a vector are already adapted strings; the builder takes them sorted by name.
        TreeMap<String, String> args = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vector.get("args").properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            args.put(e.getKey(), e.getValue().asText());
        }
        String key = urn(vector.get("prefix").asText(), vector.get("key_type").asText(),
                vector.get("id").asText(), args.keySet().toArray(String[]::new), args.values().toArray(String[]::new),
                vector.get("use_case").asText(), vector.get("tracked").asBoolean(), 1024);

        assertThat(key).isEqualTo(expectedKey);
        if (vector.has("watermark_key")) {
            assertThat(watermarkKey(vector.get("prefix").asText(), vector.get("key_type").asText(),
                    vector.get("id").asText())).isEqualTo(vector.get("watermark_key").asText());
        }
    }

    /**
     * The vectors live beside SPEC.md in the shared folder, which CI checks out beside the clone: looked for as
     * {@code shared/} or {@code ../shared/} of the working directory and each of its parents.
     */
    private static Path keyVectorsFile() {
        String override = System.getProperty("gcache.key-vectors");
        if (override != null) {
            return Paths.get(override);
        }
        Path start = Paths.get("").toAbsolutePath();
        List<Path> tried = new ArrayList<>();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/key-vectors.json"),
                    dir.resolve("../shared/key-vectors.json").normalize())) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new IllegalStateException("key-vectors.json not found: it belongs in the shared folder beside the "
                + "repository (<repo>/../shared/key-vectors.json), or name it with -Dgcache.key-vectors=<path>. Tried "
                + tried);
    }

    // ---- layout ----------------------------------------------------------------------------------------------

    @Test
    void argumentsFollowTheOrderTheyAreGiven() {
        // The build sorts the arguments by name; the builder keeps the order it receives.
        String key = urn("urn:gcache", "user_id", "1", new String[] { "a", "b", "c" },
                new String[] { "3", "2", "1" }, "Uc", false, 1024);

        assertThat(key).isEqualTo("urn:gcache:user_id:1?a=3&b=2&c=1#Uc");
    }

    @Test
    void watermarkKeyIsHashTaggedAndEscaped() {
        assertThat(watermarkKey("urn:gcache", "user_id", "a b#c"))
                .isEqualTo("{urn:gcache:user_id:a%20b%23c}#watermark");
    }

    // ---- keys that cannot collide (SPEC §15) -------------------------------------------------------------------

    @Test
    void aNullArgumentIsPercentNullAndNotTheStringNull() {
        String[] names = { "q" };
        String nullKey = urn("urn:gcache", "user_id", "7", names, new String[] { null }, "Search", true, 1024);
        assertThat(nullKey).isEqualTo("{urn:gcache:user_id:7}?q=%null#Search");
        assertThat(urn("urn:gcache", "user_id", "7", names, new String[] { "null" }, "Search", true, 1024))
                .isEqualTo("{urn:gcache:user_id:7}?q=null#Search");
        assertThat(urn("urn:gcache", "user_id", "7", names, new String[] { "%null" }, "Search", true, 1024))
                .isEqualTo("{urn:gcache:user_id:7}?q=%25null#Search");
    }

    record Filters(String status, String sort) {
    }

    @Test
    void aRecordArgumentIsItsKeyStringEscapedLikeAnyValue() {
        // the key string (status=a%2Cb,sort=x) of SPEC §15, then the URN's escaping of '%' and white space
        String[] names = { "filters" };
        assertThat(urn("urn:gcache", "user_id", "7", names,
                new String[] { KeyStrings.render(new Filters("a,b", "x")) }, "Search", true, 1024))
                .isEqualTo("{urn:gcache:user_id:7}?filters=(status=a%252Cb,sort=x)#Search");
        assertThat(urn("urn:gcache", "user_id", "7", names,
                new String[] { KeyStrings.render(new Filters("active, sort=name", "date")) }, "Search", true, 1024))
                .isEqualTo("{urn:gcache:user_id:7}?filters=(status=active%252C%20sort%253Dname,sort=date)#Search");
        assertThat(urn("urn:gcache", "user_id", "7", names,
                new String[] { KeyStrings.render(new Filters(null, "x")) }, "Search", true, 1024))
                .isEqualTo("{urn:gcache:user_id:7}?filters=(status=%25null,sort=x)#Search");
    }

    @Test
    void loneSurrogatesAreEscapedAsTheirCodeUnitSoTheyCannotBecomeAQuestionMark() {
        String[] names = { "q" };
        // the UTF-8 encoder would turn each of them into '?': escaped as the three bytes of the code unit
        // (the CESU-8 / WTF-8 form), which no escaped character produces
        assertThat(urn("urn:gcache", "user_id", "7", names, new String[] { "\uD800" }, "S", false, 1024))
                .isEqualTo("urn:gcache:user_id:7?q=%ED%A0%80#S");
        assertThat(urn("urn:gcache", "user_id", "7", names, new String[] { "a\uDC00b" }, "S", false, 1024))
                .isEqualTo("urn:gcache:user_id:7?q=a%ED%B0%80b#S");
        assertThat(urn("urn:gcache", "user_id", "7", names, new String[] { "\uDC00\uD800" }, "S", false,
                1024)).as("a low then a high surrogate is no pair").isEqualTo("urn:gcache:user_id:7?q=%ED%B0%80%ED%A0%80#S");
        assertThat(Keyspace.escapeId("\uD83D")).isEqualTo("%ED%A0%BD");
        assertThat(Keyspace.escapeId("x\uD83D")).isEqualTo("x%ED%A0%BD");
        // a valid pair is one character and stays as it is
        assertThat(Keyspace.escapeId("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
        // every one of them differs from the others and from '?' once encoded as Redis stores it
        List<String> stored = new ArrayList<>();
        for (String q : List.of("?", "\uD83D", "\uD800", "\uDC00", "\uD83D\uDE00")) {
            String key = urn("urn:gcache", "user_id", q, names, new String[] { q }, "S", true, 1024);
            stored.add(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        assertThat(stored).doesNotHaveDuplicates();
    }

    // ---- long keys -------------------------------------------------------------------------------------------

    @Test
    void longKeyHashesTheArgumentPartAndKeepsPrefixEntityAndUseCase() {
        String longValue = "x".repeat(2000);
        String key = urn("urn:gcache", "user_id", "42", new String[] { "page", "q" },
                new String[] { "2", longValue }, "Search", true, 1024);

        String canonicalArgs = "page=2&q=" + longValue;
        assertThat(key).isEqualTo("{urn:gcache:user_id:42}?sha256=" + sha256Hex(canonicalArgs) + "#Search");
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    }

    @Test
    void longKeyHashesTheEscapedArgumentPart() {
        // The canonical argument part is the one that would stand in the key: escaped, '&'-joined.
        String value = "a b&c".repeat(300);
        String key = urn("urn:gcache", "user_id", "42", new String[] { "q" }, new String[] { value },
                "Search", false, 1024);

        String escaped = "a%20b%26c".repeat(300);
        assertThat(key).isEqualTo("urn:gcache:user_id:42?sha256=" + sha256Hex("q=" + escaped) + "#Search");
    }

    @Test
    void keyOfExactlyTheMaximumLengthIsKept() {
        String[] names = { "q" };
        String[] values = { "y".repeat(100) };
        String full = urn("urn:gcache", "user_id", "42", names, values, "Search", true, 10_000);
        int length = full.getBytes(StandardCharsets.UTF_8).length;

        assertThat(urn("urn:gcache", "user_id", "42", names, values, "Search", true, length))
                .isEqualTo(full);
        assertThat(urn("urn:gcache", "user_id", "42", names, values, "Search", true, length - 1))
                .isEqualTo("{urn:gcache:user_id:42}?sha256=" + sha256Hex("q=" + values[0]) + "#Search");
    }

    @Test
    void maximumLengthCountsUtf8Bytes() {
        // 100 characters, 200 bytes: too long for a limit of 150 although it has fewer characters.
        String[] names = { "q" };
        String[] values = { "ü".repeat(100) };
        String full = urn("urn:gcache", "city", "Zürich", names, values, "Weather", false, 10_000);
        assertThat(full.length()).isLessThan(150);

        String key = urn("urn:gcache", "city", "Zürich", names, values, "Weather", false, 150);

        assertThat(key).isEqualTo("urn:gcache:city:Zürich?sha256=" + sha256Hex("q=" + values[0]) + "#Weather");
    }

    @Test
    void longKeyWithoutArgumentsIsKept() {
        // There is no argument part to replace; the id identifies the entity and stays readable.
        String id = "i".repeat(2000);

        assertThat(urn("urn:gcache", "user_id", id, NO_NAMES, NO_NAMES, "Profile", false, 1024))
                .isEqualTo("urn:gcache:user_id:" + id + "#Profile");
    }

    @Test
    void differentLongArgumentsGiveDifferentKeys() {
        String a = urn("urn:gcache", "user_id", "42", new String[] { "q" },
                new String[] { "z".repeat(2000) + "a" }, "Search", true, 1024);
        String b = urn("urn:gcache", "user_id", "42", new String[] { "q" },
                new String[] { "z".repeat(2000) + "b" }, "Search", true, 1024);

        assertThat(a).isNotEqualTo(b).startsWith("{urn:gcache:user_id:42}?sha256=");
        assertThat(b).startsWith("{urn:gcache:user_id:42}?sha256=");
    }

    // ---- escaping --------------------------------------------------------------------------------------------

    /** Characters escaped wherever they appear (id and argument values), with their UTF-8 percent-encoding. */
    static Stream<Arguments> escapedEverywhere() {
        return Stream.of(
                // structure
                Arguments.of("%", "%25"), Arguments.of("#", "%23"), Arguments.of("{", "%7B"), Arguments.of("}", "%7D"),
                // white space
                Arguments.of(" ", "%20"), Arguments.of("\t", "%09"), Arguments.of("\n", "%0A"),
                Arguments.of("\r", "%0D"), Arguments.of("\f", "%0C"), Arguments.of("\u000B", "%0B"),
                Arguments.of("\u00A0", "%C2%A0"), Arguments.of("\u2028", "%E2%80%A8"), Arguments.of("\u3000", "%E3%80%80"),
                // control characters
                Arguments.of("\u0000", "%00"), Arguments.of("\u001F", "%1F"), Arguments.of("\u007F", "%7F"),
                Arguments.of("\u0085", "%C2%85"), Arguments.of("\u009F", "%C2%9F"));
    }

    /** Characters kept wherever they appear, so plain ids stay readable and identical to Python GCache keys. */
    static Stream<String> keptEverywhere() {
        return Stream.of("=", ":", "/", "@", "+", "~", "-", "_", ".", ",", ";", "!", "$", "'", "(", ")", "*", "[", "]",
                "ü", "日本", "\uD83D\uDE00");
    }

    @ParameterizedTest(name = "id with {1}")
    @MethodSource("escapedEverywhere")
    void idEscapesTheSpecialCharacters(String raw, String escaped) {
        assertThat(Keyspace.escapeId("a" + raw + "b")).isEqualTo("a" + escaped + "b");
        assertThat(urn("urn:gcache", "user_id", "a" + raw + "b", NO_NAMES, NO_NAMES, "Uc", false, 1024))
                .isEqualTo("urn:gcache:user_id:a" + escaped + "b#Uc");
    }

    @ParameterizedTest(name = "argument with {1}")
    @MethodSource("escapedEverywhere")
    void argumentEscapesTheSpecialCharacters(String raw, String escaped) {
        assertThat(argumentPart("a" + raw + "b")).isEqualTo("a" + escaped + "b");
    }

    @ParameterizedTest(name = "id with {0}")
    @MethodSource("keptEverywhere")
    void idKeepsOrdinaryCharacters(String c) {
        assertThat(Keyspace.escapeId("a" + c + "b")).isEqualTo("a" + c + "b");
    }

    @ParameterizedTest(name = "argument with {0}")
    @MethodSource("keptEverywhere")
    void argumentKeepsOrdinaryCharacters(String c) {
        assertThat(argumentPart("a" + c + "b")).isEqualTo("a" + c + "b");
    }

    @Test
    void questionMarkIsEscapedInTheIdOnly() {
        assertThat(Keyspace.escapeId("a?b")).isEqualTo("a%3Fb");
        assertThat(argumentPart("a?b")).isEqualTo("a?b");
    }

    @Test
    void ampersandIsEscapedInArgumentsOnly() {
        assertThat(Keyspace.escapeId("a&b")).isEqualTo("a&b");
        assertThat(argumentPart("a&b")).isEqualTo("a%26b");
    }

    /** The escaped form of an argument value, as it stands in a key. */
    private static String argumentPart(String value) {
        String key = urn("urn:gcache", "user_id", "7", new String[] { "q" }, new String[] { value }, "Uc",
                false, 1024);
        assertThat(key).startsWith("urn:gcache:user_id:7?q=").endsWith("#Uc");
        return key.substring("urn:gcache:user_id:7?q=".length(), key.length() - "#Uc".length());
    }

    @Test
    void escapedIdCannotForgeArgumentsOrAnotherUseCase() {
        String forged = urn("urn:gcache", "user_id", "1?page=2#Other", NO_NAMES, NO_NAMES, "Uc", true,
                1024);
        String real = urn("urn:gcache", "user_id", "1", new String[] { "page" }, new String[] { "2" },
                "Other", true, 1024);

        assertThat(forged).isEqualTo("{urn:gcache:user_id:1%3Fpage=2%23Other}#Uc").isNotEqualTo(real);
    }

    @Test
    void escapedArgumentCannotForgeAnotherArgument() {
        String forged = urn("urn:gcache", "user_id", "1", new String[] { "a" }, new String[] { "x&b=y" },
                "Uc", false, 1024);
        String real = urn("urn:gcache", "user_id", "1", new String[] { "a", "b" },
                new String[] { "x", "y" }, "Uc", false, 1024);

        assertThat(forged).isEqualTo("urn:gcache:user_id:1?a=x%26b=y#Uc").isNotEqualTo(real);
    }

    @Test
    void percentIsEscapedSoThatEscapesCannotBeForged() {
        // An id that already looks escaped stays distinct from the id it would decode to.
        assertThat(Keyspace.escapeId("a%20b")).isEqualTo("a%2520b");
        assertThat(Keyspace.escapeId("a b")).isEqualTo("a%20b");
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- the other names, parsing and patterns -------------------------------------------------------------

    private static final Keyspace KEYS = new Keyspace("urn:gcache", 1024);

    @Test
    void theChannelTheConfigHashAndTheFlushPatternsFollowThePrefix() {
        assertThat(KEYS.channel()).isEqualTo("urn:gcache:invalidations");
        assertThat(KEYS.configKey()).isEqualTo("urn:gcache:config");
        assertThat(KEYS.flushPatterns()).containsExactly("{urn:gcache:*", "urn:gcache:*");
        Keyspace odd = new Keyspace("a*b?[c]\\^", 1024);
        assertThat(odd.flushPatterns()).containsExactly("{a\\*b\\?\\[c\\]\\\\\\^:*", "a\\*b\\?\\[c\\]\\\\\\^:*");
        assertThat(odd.channel()).isEqualTo("a*b?[c]\\^:invalidations");
    }

    @Test
    void aKeyIsParsedBackIntoItsParts() {
        String tracked = KEYS.urn("user_id", "a b#c", new String[] { "page" }, new String[] { "2" }, "Posts", true);
        assertThat(KEYS.parse(tracked)).isEqualTo(new StoredKey(tracked, "user_id", "a%20b%23c", "a b#c", "Posts",
                true, false));
        String untracked = KEYS.urn("user_id", "7?x", new String[0], new String[0], "Badge", false);
        assertThat(KEYS.parse(untracked)).isEqualTo(new StoredKey(untracked, "user_id", "7%3Fx", "7?x", "Badge",
                false, false));
        String watermark = KEYS.watermarkKey("user_id", "a b");
        StoredKey parsed = KEYS.parse(watermark);
        assertThat(parsed.watermark()).isTrue();
        assertThat(parsed.useCase()).isEqualTo(Keyspace.WATERMARK);
        assertThat(KEYS.watermarkKey(KEYS.parse(tracked))).isEqualTo(KEYS.watermarkKey("user_id", "a b#c"));
        // A lone surrogate does not survive decoding, but the watermark key is rebuilt from the key's own form.
        String lone = KEYS.urn("user_id", "x\uD800", new String[0], new String[0], "Profile", true);
        assertThat(KEYS.watermarkKey(KEYS.parse(lone))).isEqualTo(KEYS.watermarkKey("user_id", "x\uD800"));
    }

    @Test
    void keysOfOtherPrefixesAndOtherShapesAreNotParsed() {
        assertThat(KEYS.parse("other:user_id:1#Profile")).isNull();
        assertThat(KEYS.parse("urn:gcache:config")).isNull();
        assertThat(KEYS.parse("{urn:gcache:user_id:1#Profile")).isNull();
        assertThat(KEYS.parse("urn:gcache:user_id:1#")).isNull();
        assertThat(KEYS.parse("urn:gcache::1#Profile")).isNull();
        // An untracked key whose use case is "watermark" cannot exist: it is not taken for a watermark either.
        assertThat(KEYS.parse("urn:gcache:user_id:1#watermark").watermark()).isFalse();
    }

    @Test
    void theScanPatternOfAFilterMatchesItsEntriesOnly() {
        assertThat(KEYS.scanPattern(null, null, true)).isEqualTo("{urn:gcache:*:*}*");
        assertThat(KEYS.scanPattern(null, null, false)).isEqualTo("urn:gcache:*:*");
        assertThat(KEYS.scanPattern("user_id", "a b*", true)).isEqualTo("{urn:gcache:user_id:a%20b\\*}*");
        assertThat(KEYS.scanPattern("user_id", "7", false)).isEqualTo("urn:gcache:user_id:7[?#]*");
        // One escape rule for every glob: the Dev UI's filters and the flush escape alike.
        assertThat(Keyspace.glob("a*b?c[d]e\\f^g")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f\\^g");
    }

    private static String urn(String prefix, String keyType, String id, String[] argNames, String[] argValues,
            String useCase, boolean tracked, int maxKeyLength) {
        return new Keyspace(prefix, maxKeyLength).urn(keyType, id, argNames, argValues, useCase, tracked);
    }

    private static String watermarkKey(String prefix, String keyType, String id) {
        return new Keyspace(prefix, 1024).watermarkKey(keyType, id);
    }
}
