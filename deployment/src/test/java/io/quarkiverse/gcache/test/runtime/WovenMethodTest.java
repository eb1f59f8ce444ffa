package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The build weaves the cache into each {@code @GCached} method: primitives in and out, overloads, package-private
 * methods and classes, self-invocation, other interceptors on the same method, and what reflection and stack traces
 * see of a woven method.
 */
public class WovenMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shapes.class, Hidden.class, Audited.class, AuditInterceptor.class));

    @Inject
    Shapes shapes;

    @Inject
    Hidden hidden;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        Shapes.RUNS.set(0);
        AuditInterceptor.CALLS.set(0);
    }

    @Test
    void primitiveParametersAndResultsKeepTheirValues() {
        try (GCacheScope scope = gcache.enable()) {
            for (int round = 0; round < 2; round++) {
                assertThat(shapes.area(7L, 3, 2.5, 'x', (byte) 1, (short) 2, 0.5f, true)).isEqualTo(7 * 3 * 2.5);
                assertThat(shapes.count(7L, 4)).isEqualTo(28L);
                assertThat(shapes.positive(7L, -1)).isFalse();
                assertThat(shapes.initial(7L)).isEqualTo('S');
            }
        }
        assertThat(Shapes.RUNS.get()).isEqualTo(4);
    }

    @Test
    void overloadsAreTwoUseCases() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(shapes.name(1L)).isEqualTo("shape-1");
            assertThat(shapes.name(1L, "fr")).isEqualTo("shape-1-fr");
            assertThat(shapes.name(1L)).isEqualTo("shape-1");
            assertThat(shapes.name(1L, "fr")).isEqualTo("shape-1-fr");
        }
        assertThat(Shapes.RUNS.get()).isEqualTo(2);
    }

    @Test
    void selfInvocationIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(shapes.twice(5L)).isEqualTo("shape-5shape-5");
        }
        assertThat(Shapes.RUNS.get()).isEqualTo(1);
    }

    @Test
    void packagePrivateMethodOfAPackagePrivateClass() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(hidden.secret("a")).isEqualTo(hidden.secret("a"));
        }
        assertThat(Hidden.RUNS.get()).isEqualTo(1);
    }

    @Test
    void otherInterceptorsRunAroundTheCacheOnHitsToo() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(shapes.audited(9L)).isEqualTo("audited-9");
            assertThat(shapes.audited(9L)).isEqualTo("audited-9");
        }
        assertThat(AuditInterceptor.CALLS.get()).isEqualTo(2);
        assertThat(Shapes.RUNS.get()).isEqualTo(1);
    }

    @Test
    void theMethodKeepsItsFaceAndItsBodyMovesToASyntheticMethod() throws Exception {
        Class<?> type = Shapes.class;
        Method entry = type.getDeclaredMethod("count", long.class, int.class);
        assertThat(entry.isSynthetic()).isFalse();
        assertThat(entry.getAnnotation(GCached.class).useCase()).isEqualTo("ShapeCount");
        assertThat(entry.getParameterAnnotations()[0]).anyMatch(a -> a instanceof GCacheId);
        assertThat(entry.getParameterAnnotations()[1]).anyMatch(a -> a instanceof GCacheIgnore);
        // The body's name is unique to the declaring class, so that no subclass's body overrides it.
        Method body = type.getDeclaredMethod("count$gcache$" + type.getName().replace('.', '_'), long.class, int.class);
        assertThat(body.isSynthetic()).isTrue();
        assertThat(body.getAnnotations()).isEmpty();
    }

    @Test
    void theCallerSeesTheMethodsOwnExceptionAndStackTrace() {
        try (GCacheScope scope = gcache.enable()) {
            assertThatThrownBy(() -> shapes.broken(3L))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("broken 3")
                    .satisfies(e -> assertThat(Arrays.stream(e.getStackTrace()).map(StackTraceElement::getMethodName))
                            .contains("broken$gcache$" + Shapes.class.getName().replace('.', '_'), "broken"));
        }
    }

    @ApplicationScoped
    public static class Shapes {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "shape", useCase = "ShapeArea", local = @GCached.Layer(ttl = "1h"))
        public double area(@GCacheId long id, int sides, double scale, char c, byte b, short s, float f, boolean flag) {
            RUNS.incrementAndGet();
            return id * sides * scale;
        }

        @GCached(keyType = "shape", useCase = "ShapeCount", local = @GCached.Layer(ttl = "1h"))
        public long count(@GCacheId long id, @GCacheIgnore int times) {
            RUNS.incrementAndGet();
            return id * times;
        }

        @GCached(keyType = "shape", useCase = "ShapePositive", local = @GCached.Layer(ttl = "1h"))
        public boolean positive(@GCacheId long id, int sign) {
            RUNS.incrementAndGet();
            return sign > 0;
        }

        @GCached(keyType = "shape", useCase = "ShapeInitial", local = @GCached.Layer(ttl = "1h"))
        public char initial(@GCacheId long id) {
            RUNS.incrementAndGet();
            return 'S';
        }

        @GCached(keyType = "shape", useCase = "ShapeName", local = @GCached.Layer(ttl = "1h"))
        public String name(@GCacheId long id) {
            RUNS.incrementAndGet();
            return "shape-" + id;
        }

        @GCached(keyType = "shape", useCase = "ShapeNameIn", local = @GCached.Layer(ttl = "1h"))
        public String name(@GCacheId long id, String lang) {
            RUNS.incrementAndGet();
            return "shape-" + id + "-" + lang;
        }

        public String twice(long id) {
            return name(id) + name(id);
        }

        @Audited
        @GCached(keyType = "shape", useCase = "ShapeAudited", local = @GCached.Layer(ttl = "1h"))
        public String audited(@GCacheId long id) {
            RUNS.incrementAndGet();
            return "audited-" + id;
        }

        @GCached(keyType = "shape", useCase = "ShapeBroken", local = @GCached.Layer(ttl = "1h"))
        public String broken(@GCacheId long id) {
            throw new IllegalStateException("broken " + id);
        }
    }

    @ApplicationScoped
    static class Hidden {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "secret", useCase = "HiddenSecret", local = @GCached.Layer(ttl = "1h"))
        String secret(@GCacheId String id) {
            return "secret-" + id + "-" + RUNS.incrementAndGet();
        }
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.TYPE })
    public @interface Audited {
    }

    @Audited
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class AuditInterceptor {
        static final AtomicInteger CALLS = new AtomicInteger();

        @AroundInvoke
        Object audit(InvocationContext ic) throws Exception {
            CALLS.incrementAndGet();
            return ic.proceed();
        }
    }
}
