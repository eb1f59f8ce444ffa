package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A handle's {@code T} travels from the build as a type name; read back it must equal the JDK's own type for the same
 * declaration, so that Jackson reads a REMOTE value back exactly as for a method returning that type.
 */
class TypeNamesTest {

    record Item(String name) {
    }

    static class Shapes {
        List<Item> list;
        Map<String, List<int[]>> nested;
        Item[][] arrays;
        List<Item>[] genericArray;
        Optional<Map<String, Item>> optional;
    }

    @Test
    void aTypeNameReadsBackAsTheDeclaredType() throws Exception {
        assertSame("java.util.List<io.quarkiverse.gcache.runtime.TypeNamesTest$Item>", "list");
        assertSame("java.util.Map<java.lang.String,java.util.List<int[]>>", "nested");
        assertSame("io.quarkiverse.gcache.runtime.TypeNamesTest$Item[][]", "arrays");
        assertSame("java.util.List<io.quarkiverse.gcache.runtime.TypeNamesTest$Item>[]", "genericArray");
        assertSame("java.util.Optional<java.util.Map<java.lang.String,io.quarkiverse.gcache.runtime.TypeNamesTest$Item>>",
                "optional");
        assertThat(TypeNames.parse("java.lang.String")).isEqualTo(String.class);
    }

    @Test
    void jacksonReadsAListOfRecordsBackAsRecords() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Type type = TypeNames.parse("java.util.List<io.quarkiverse.gcache.runtime.TypeNamesTest$Item>");
        List<Item> items = mapper.readValue("[{\"name\":\"a\"}]", mapper.constructType(type));
        assertThat(items).containsExactly(new Item("a"));
    }

    @Test
    void aMalformedOrUnknownNameIsRefused() {
        assertThatThrownBy(() -> TypeNames.parse("java.util.List<java.lang.String")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TypeNames.parse("org.acme.Missing")).hasMessageContaining("org.acme.Missing");
    }

    private static void assertSame(String name, String field) throws Exception {
        Field f = Shapes.class.getDeclaredField(field);
        Type parsed = TypeNames.parse(name);
        assertThat(parsed.getTypeName()).isEqualTo(f.getGenericType().getTypeName());
        assertThat(parsed).isEqualTo(f.getGenericType());
    }
}
