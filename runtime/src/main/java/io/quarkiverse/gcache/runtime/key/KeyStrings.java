package io.quarkiverse.gcache.runtime.key;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The stable string form of a key value. The build accepts only types whose form is stable (strings,
 * primitives and boxes, enums, {@code UUID}, {@code java.time}, records of stable types, lists and maps of stable
 * types, classes with their own {@code toString()}), so this only has to render them: enums by name, lists in
 * order, maps in key order, everything else by {@code toString()}.
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
                append(sb, it.next());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            List<String[]> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entries.add(new String[] { render(e.getKey()), render(e.getValue()) });
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
        } else {
            sb.append(render(value));
        }
    }
}
