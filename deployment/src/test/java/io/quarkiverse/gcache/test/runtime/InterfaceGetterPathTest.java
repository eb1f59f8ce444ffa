package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A property path through a public getter that the argument's class inherits from an interface: a default method
 * ({@code Keyed.getKey()}), also of a generic interface whose type variable the class binds
 * ({@code Owned<String>.getOwner()}).
 */
class InterfaceGetterPathTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Keyed.class, Owned.class, Doc.class, Docs.class));

    @Inject
    Docs docs;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        docs.reset();
    }

    @Test
    void aDefaultGetterOfAnInterfaceIsAPath() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(docs.byKey(new Doc("a", "ann"), new Doc("a", "ann"))).isEqualTo("doc-key-a-ann-1");
            assertThat(docs.byKey(new Doc("a", "ann"), new Doc("a", "ann"))).isEqualTo("doc-key-a-ann-1");
            assertThat(docs.byKey(new Doc("a", "bob"), new Doc("a", "bob"))).isEqualTo("doc-key-a-bob-2");
            assertThat(docs.byKey(new Doc("b", "ann"), new Doc("b", "ann"))).isEqualTo("doc-key-b-ann-3");
        }
    }

    public interface Keyed {
        String id();

        default String getKey() {
            return "key-" + id();
        }
    }

    public interface Owned<O> {
        O owner();

        default O getOwnerRef() {
            return owner();
        }
    }

    public record Doc(String id, String owner) implements Keyed, Owned<String> {
    }

    @ApplicationScoped
    public static class Docs {

        private final AtomicInteger calls = new AtomicInteger();

        void reset() {
            calls.set(0);
        }

        @GCached(keyType = "doc", local = @GCached.Layer(ttl = "1h"))
        public String byKey(@GCacheId("key") Doc doc, @GCacheArg("ownerRef") Doc ownerOf) {
            return "doc-" + doc.getKey() + "-" + ownerOf.getOwnerRef() + "-" + calls.incrementAndGet();
        }
    }
}
