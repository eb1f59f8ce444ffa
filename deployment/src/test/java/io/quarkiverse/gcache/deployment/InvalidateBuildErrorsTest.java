package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.InvalidAdapterException;
import io.quarkiverse.gcache.deployment.validation.InvalidateAbstractMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateFutureBufferException;
import io.quarkiverse.gcache.deployment.validation.InvalidateIdMissingException;
import io.quarkiverse.gcache.deployment.validation.InvalidateIdTwiceException;
import io.quarkiverse.gcache.deployment.validation.InvalidateKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidateNotABeanException;
import io.quarkiverse.gcache.deployment.validation.InvalidateOnCachedMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateOnClassException;
import io.quarkiverse.gcache.deployment.validation.InvalidateReturnTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidateStaticMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateUnknownParameterException;
import io.quarkiverse.gcache.deployment.validation.InvalidateUnstableIdException;
import io.quarkiverse.gcache.deployment.validation.UnknownPropertyException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;

/**
 * Every mistake in a {@code @GCacheInvalidate} fails the build, each with its own error naming the class, the method
 * and the fix, all reported together (with the {@code @GCached} ones: ArC's "Found N deployment problems"). A
 * private method is ArC's own error first ({@link InvalidatePrivateMethodTest}).
 */
class InvalidateBuildErrorsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(CarelessWrites.class, Member.class, Opaque.class,
                    AbstractAdapter.class, AnnotatedClass.class, NotABean.class, AbstractWrites.class))
            .assertException(t -> {
                BuildErrors.several(t, 14);
                Class<CarelessWrites> c = CarelessWrites.class;
                expect(t, InvalidateStaticMethodException.class, c, "shared", "make it an instance method");
                expect(t, InvalidateKeyTypeException.class, c, "spaced", "use letters, digits");
                expect(t, InvalidateFutureBufferException.class, c, "soon", "write e.g. futureBuffer = \"2s\"");
                expect(t, InvalidateIdMissingException.class, c, "anonymous", "idArg = \"userId\"");
                expect(t, InvalidateIdTwiceException.class, c, "twice", "keep one");
                expect(t, InvalidateUnknownParameterException.class, c, "typo", "start the id with the name");
                expect(t, UnknownPropertyException.class, c, "badPath", "name a record component");
                expect(t, InvalidateUnstableIdException.class, c, "opaque", "give it the adapter");
                expect(t, InvalidateReturnTypeException.class, c, "stream", "collect a Multi into a Uni");
                expect(t, InvalidateOnCachedMethodException.class, c, "readAndWrite",
                        "keep @GCached on the read");
                expect(t, InvalidAdapterException.class, c, "adapted", "make it a CDI bean");
                expect(t, InvalidateOnClassException.class, AnnotatedClass.class, "-", "put @GCacheInvalidate on each");
                expect(t, InvalidateNotABeanException.class, NotABean.class, "write", "put it on a method of a CDI bean");
                expect(t, InvalidateAbstractMethodException.class, AbstractWrites.class, "write",
                        "put @GCacheInvalidate on the implementing method");

                assertThat(BuildErrors.forMethod(t, InvalidateUnknownParameterException.class, c, "typo"))
                        .hasMessageStartingWith("@GCacheInvalidate(id = \"user.id\") names the parameter \"user\", which"
                                + " the method does not have; its parameters are [member]");
                assertThat(BuildErrors.forMethod(t, UnknownPropertyException.class, c, "badPath"))
                        .hasMessageContaining("has no accessible property \"email\"");
            });

    static void expect(Throwable t, Class<? extends GCacheDefinitionException> type, Class<?> bean, String method,
            String fix) {
        BuildErrors.assertNamesAndFix(BuildErrors.forMethod(t, type, bean, method), bean, method, fix);
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public record Member(String id) {
    }

    /** Keeps {@code Object.toString()}: no stable string form. */
    public static class Opaque {
    }

    public abstract static class AbstractAdapter implements GCacheKeyAdapter<Member> {
    }

    @ApplicationScoped
    static class CarelessWrites {

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        static void shared(String id) {
        }

        @GCacheInvalidate(keyType = "user id", idArg = "id")
        public void spaced(String id) {
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id", futureBuffer = "soon")
        public void soon(String id) {
        }

        @GCacheInvalidate(keyType = "user_id")
        public void anonymous(String id) {
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "member", id = "member.id")
        public void twice(Member member) {
        }

        @GCacheInvalidate(keyType = "user_id", id = "user.id")
        public void typo(Member member) {
        }

        @GCacheInvalidate(keyType = "user_id", id = "member.email")
        public void badPath(Member member) {
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "thing")
        public void opaque(Opaque thing) {
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public Multi<String> stream(String id) {
            return Multi.createFrom().empty();
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1m"))
        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public String readAndWrite(@GCacheId String id) {
            return id;
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "member", adapter = AbstractAdapter.class)
        public void adapted(Member member) {
        }
    }

    @ApplicationScoped
    @GCacheInvalidate(keyType = "user_id", idArg = "id")
    static class AnnotatedClass {

        public void write(String id) {
        }
    }

    /** No bean-defining annotation: no call of it is intercepted. */
    static class NotABean {

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public void write(String id) {
        }
    }

    abstract static class AbstractWrites {

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        abstract void write(String id);
    }
}
