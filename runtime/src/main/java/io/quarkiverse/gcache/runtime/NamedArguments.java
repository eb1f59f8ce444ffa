package io.quarkiverse.gcache.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.key.LocalKey;

/**
 * The key arguments of a programmatic use case ({@code GCacheHandle}), given per call by name. A call without arguments
 * is keyed by its id string, as a method without arguments is (a LOCAL hit allocates no key); one with arguments by a
 * {@link LocalKey} whose arguments are the pairs name, key string, sorted by name ({@code [a, 1, b, 2]}), so two
 * calls with the same arguments in any map order share an entry and calls with other names never do; the URN writes
 * them {@code ?a=1&b=2} like a method's arguments (SPEC §3). Names follow the rule of key types and use cases; a name
 * that breaks it is a key error: the call runs uncached.
 */
final class NamedArguments {

    private static final String[] NONE = new String[0];

    private NamedArguments() {
    }

    /** The LOCAL key of the id string and the call's argument map ({@code null} or empty: none). */
    static Object localKey(String id, Object args) {
        if (args == null || ((Map<?, ?>) args).isEmpty()) {
            return id;
        }
        Map<?, ?> map = (Map<?, ?>) args;
        String[] names = new String[map.size()];
        int n = 0;
        for (Object name : map.keySet()) {
            if (!(name instanceof String s) || !isName(s)) {
                throw new KeyException("the argument name " + (name == null ? "null" : "\"" + name + "\"")
                        + " is not a valid name (letters, digits, \"_\", \".\" and \"-\")");
            }
            names[n++] = s;
        }
        Arrays.sort(names);
        Object[] pairs = new Object[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            Object value = map.get(names[i]);
            pairs[2 * i] = names[i];
            pairs[2 * i + 1] = value == null ? null : KeyStrings.render(value);
        }
        return new LocalKey(id, pairs);
    }

    /** The pairs name, key string of a LOCAL key, sorted by name: what {@code GCache.delete} compares. */
    static String[] pairs(Object localKey) {
        if (!(localKey instanceof LocalKey k)) {
            return NONE;
        }
        Object[] pairs = k.args();
        return Arrays.copyOf(pairs, pairs.length, String[].class);
    }

    /**
     * The pairs name, key string of the arguments {@code GCache.delete} is given (name to key string), sorted by name.
     *
     * @throws IllegalArgumentException for a name no call can have used
     */
    static String[] pairs(Map<String, String> args) {
        String[] names = args.keySet().toArray(new String[0]);
        Arrays.sort(names);
        String[] pairs = new String[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            if (!isName(names[i])) {
                throw new IllegalArgumentException("\"" + names[i] + "\" is not an argument name (letters, digits, "
                        + "\"_\", \".\" and \"-\")");
            }
            pairs[2 * i] = names[i];
            pairs[2 * i + 1] = args.get(names[i]);
        }
        return pairs;
    }

    /** The URN of an entry named by its id string and its pairs name, key string. */
    static String urn(UseCase uc, String idString, String[] pairs, Keyspace keyspace) {
        String[] names = new String[pairs.length / 2];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = pairs[2 * i];
            values[i] = pairs[2 * i + 1];
        }
        return keyspace.urn(uc.keyType(), idString, names, values, uc.name(), uc.tracked());
    }

    /** The arguments' names of a LOCAL key, sorted. */
    static String[] names(Object localKey) {
        Object[] pairs = localKey instanceof LocalKey k ? k.args() : NONE;
        String[] names = new String[pairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = (String) pairs[2 * i];
        }
        return names;
    }

    /** The arguments' key strings of a LOCAL key, in name order; {@code null} for a null argument. */
    static String[] values(Object localKey) {
        Object[] pairs = localKey instanceof LocalKey k ? k.args() : NONE;
        String[] values = new String[pairs.length / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (String) pairs[2 * i + 1];
        }
        return values;
    }

    /** The arguments of a LOCAL key, name to key string, sorted by name. */
    static Map<String, String> asMap(Object localKey) {
        String[] names = names(localKey);
        String[] values = values(localKey);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** {@code [A-Za-z0-9_.-]+}, without a regular expression: it is checked on every call. */
    static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
