package io.quarkiverse.gcache.runtime.key;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stable string form of a key value (SPEC §3, §15). The build accepts only types whose form is stable (strings,
 * primitives and boxes, enums, {@code UUID}, {@code java.time}, {@code java.util.Date} and {@code Calendar}, records,
 * {@code Optional}s, lists and maps of stable types, classes with their own {@code toString()}), so this only has to
 * render them, and so that two different values of one parameter never render alike:
 * <ul>
 * <li>{@code null} is {@code %null}, which no value renders to (see the escaping below, and {@link Keyspace});</li>
 * <li>enums by name; dates as their {@code Instant}, with every digit they hold;</li>
 * <li>a record by its components, by name in declaration order: {@code (id=1,name=a%2Cb)}, never by a
 * {@code toString()} the application may override; {@code %}, {@code ,}, {@code (}, {@code )} and {@code =} are
 * percent-encoded inside a component value;</li>
 * <li>lists in order {@code [a, b]}, maps in key order {@code {k=v, ...}}; a backslash escapes the characters that
 * shape them ({@code \ , = [ ] { } %}) inside an element;</li>
 * <li>{@code Optional[x]} (its value escaped as a list element) or {@code Optional.empty};</li>
 * <li>everything else by {@code toString()}.</li>
 * </ul>
 * A nested record, list, map or {@code Optional} stands as it is inside another: each form is self-delimiting once its
 * own escaping is applied, and a parameter's declared type fixes which form stands at each place.
 */
public final class KeyStrings {

    /**
     * The key string of {@code null}, which no value renders to: a {@code %} in a value is always escaped ({@code %25}
     * in a URN or a record component, {@code \%} in a list or map element).
     */
    public static final String NULL = "%null";

    /** A list's one element when it renders to nothing: {@code [%empty]}, so that {@code [""]} is not {@code []}. */
    static final String ONLY_ELEMENT_EMPTY = "%empty";

    private KeyStrings() {
    }

    public static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            return NULL;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (isStructured(value)) {
            StringBuilder sb = new StringBuilder();
            append(sb, value);
            return sb.toString();
        }
        if (value instanceof Date d) {
            return instant(d).toString();
        }
        if (value instanceof Calendar c) {
            // the zone is part of a Calendar's value (equal instants, different fields)
            return Instant.ofEpochMilli(c.getTimeInMillis()) + "[" + c.getTimeZone().getID() + "]";
        }
        return value.toString();
    }

    private static boolean isStructured(Object value) {
        return value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Record
                || value instanceof Optional<?>;
    }

    /** {@code Date.toString()} drops the milliseconds and depends on the default time zone. */
    private static Instant instant(Date d) {
        // java.sql.Date and java.sql.Time throw from toInstant(); a Timestamp's holds its nanoseconds
        return d instanceof java.sql.Timestamp t ? t.toInstant() : Instant.ofEpochMilli(d.getTime());
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof List<?> list) {
            sb.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                String element = element(it.next());
                // [""] would render as [], the empty list's form; no element renders to %empty (% is escaped)
                sb.append(element.isEmpty() && list.size() == 1 ? ONLY_ELEMENT_EMPTY : element);
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
        } else if (value instanceof Record record) {
            appendRecord(sb, record);
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                sb.append("Optional[").append(element(optional.get())).append(']');
            } else {
                sb.append("Optional.empty");
            }
        }
    }

    private static void appendRecord(StringBuilder sb, Record record) {
        Component[] components = COMPONENTS.get(record.getClass());
        sb.append('(');
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(components[i].name).append('=');
            Object value = components[i].read(record);
            if (value == null || isStructured(value)) {
                sb.append(render(value));
            } else {
                percentEscape(sb, render(value));
            }
        }
        sb.append(')');
    }

    /** Inside a record component: {@code %} and the characters that shape a record, as {@code %XX}. */
    private static void percentEscape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> sb.append("%25");
                case ',' -> sb.append("%2C");
                case '(' -> sb.append("%28");
                case ')' -> sb.append("%29");
                case '=' -> sb.append("%3D");
                default -> sb.append(c);
            }
        }
    }

    /**
     * An element of a list, map or {@code Optional}: {@code null} as {@link #NULL}, a nested structure as it is,
     * anything else with the characters that shape a collection (and {@code %}) escaped, so that no element can pass
     * for several ({@code ["a, b"]} is not {@code ["a", "b"]}) nor for {@code null}.
     */
    private static String element(Object value) {
        if (value == null || isStructured(value)) {
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
        return c == '\\' || c == ',' || c == '=' || c == '[' || c == ']' || c == '{' || c == '}' || c == '%';
    }

    // ---- record components -----------------------------------------------------------------------------------

    /** A record component's name and accessor, looked up once per record class. */
    private record Component(String name, MethodHandle accessor) {

        Object read(Record record) {
            try {
                return accessor.invokeExact((Object) record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                // a checked exception thrown sneakily by an accessor: the key cannot be built, the method runs
                throw new IllegalStateException("the accessor " + name + "() of " + record.getClass().getName()
                        + " threw " + e, e);
            }
        }
    }

    /**
     * The components of each record class, with their accessors as method handles: reflection runs once per class,
     * never per call. A {@link ClassValue} keeps no class loader alive (dev-mode reloads bring new classes).
     */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] recordComponents = type.getRecordComponents();
            Component[] components = new Component[recordComponents.length];
            MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
            for (int i = 0; i < recordComponents.length; i++) {
                Method accessor = recordComponents[i].getAccessor();
                // accessors are public, but the record class may not be (a nested or package-private record)
                accessor.trySetAccessible();
                try {
                    components[i] = new Component(recordComponents[i].getName(),
                            MethodHandles.lookup().unreflect(accessor).asType(objectToObject));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("GCache cannot read the component " + recordComponents[i].getName()
                            + " of the record " + type.getName() + " for a cache key", e);
                }
            }
            return components;
        }
    };
}
