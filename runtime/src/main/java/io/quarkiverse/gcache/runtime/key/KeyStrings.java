package io.quarkiverse.gcache.runtime.key;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The stable string form of a key value. The build accepts only types whose form is stable (strings,
 * primitives and boxes, enums, {@code UUID}, {@code java.time}, records of stable types, lists and maps of stable
 * types, classes with their own {@code toString()}), so this only has to render them: enums by name, lists in
 * order, maps in key order, everything else by {@code toString()}. Inside a list or map, a backslash escapes the
 * characters that shape it ({@code \ , = [ ] { }}), so that different collections never share a string.
 */
public final class KeyStrings {

    private KeyStrings() {
    }

    public static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            StringBuilder sb = new StringBuilder();
            append(sb, value);
            return sb.toString();
        }
        return value.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof List<?> list) {
            sb.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                sb.append(element(it.next()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            List<String[]> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entries.add(new String[] { element(e.getKey()), element(e.getValue()) });
            }
            entries.sort((a, b) -> a[0].compareTo(b[0]));
            sb.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(entries.get(i)[0]).append('=').append(entries.get(i)[1]);
            }
            sb.append('}');
        }
    }

    /**
     * An element of a list or map: a nested collection as it is, anything else with the characters that shape a
     * collection escaped, so that no element can pass for several ({@code ["a, b"]} is not {@code ["a", "b"]}).
     */
    private static String element(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return render(value);
        }
        String s = render(value);
        int n = s.length();
        int i = 0;
        while (i < n && !isStructural(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 8).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isStructural(c)) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isStructural(char c) {
        return c == '\\' || c == ',' || c == '=' || c == '[' || c == ']' || c == '{' || c == '}';
    }
}
