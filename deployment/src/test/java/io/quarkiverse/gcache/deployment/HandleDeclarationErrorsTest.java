package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.HandleMismatchException;
import io.quarkiverse.gcache.deployment.validation.HandleUseCaseClashException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleFallbackTimeoutException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleRampException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleTtlException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code @GCacheUseCase} is checked like a {@code @GCached} declaration, every mistake reported in one build: names,
 * layers, fallback timeout, a name a method's use case has, and one name declared differently at two injection points.
 * Injection points that declare one use case the same way are not a mistake.
 */
class HandleDeclarationErrorsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Declarations.class, Service.class))
            .assertException(t -> {
                List<GCacheDefinitionException> all = BuildErrors.several(t, 8);
                assertThat(all).allSatisfy(e -> assertThat(e.getClassName()).isEqualTo(Declarations.class.getName()));
                expect(t, InvalidHandleKeyTypeException.class, "badKeyType", "keyType = \"user_id\"",
                        "@GCacheUseCase(keyType = \"user id\") is not a valid key type");
                expect(t, InvalidHandleUseCaseException.class, "badName", "@GCacheUseCase(\"GetUser\")",
                        "@GCacheUseCase(\"Get User\") is not a valid use case name");
                expect(t, InvalidHandleUseCaseException.class, "reserved", "choose another name",
                        "the use case name \"watermark\" is reserved");
                expect(t, InvalidHandleTtlException.class, "badTtl", "ttl = \"60s\"", "the local ttl \"soon\"");
                expect(t, InvalidHandleRampException.class, "badRamp", "from 0 to 100", "the remote ramp 101");
                expect(t, InvalidHandleFallbackTimeoutException.class, "badTimeout", "fallbackTimeout = \"2s\"",
                        "the fallbackTimeout \"0s\"");
                expect(t, HandleUseCaseClashException.class, "clash", "a use case is one cache",
                        "the use case \"Clash\" of this GCacheHandle is also that of the @GCached method "
                                + Service.class.getName() + "#find(String)");
                String declarations = "field " + Declarations.class.getName() + ".";
                expect(t, HandleMismatchException.class, "shared", "the same keyType, GCacheHandle<T> and defaults",
                        "the use case \"Shared\" of this GCacheHandle is declared differently elsewhere: the "
                                + declarations + "sharedWithOtherKeyType declares keyType \"org_id\" instead of "
                                + "\"user_id\"; the " + declarations + "sharedWithOtherType declares GCacheHandle<T> "
                                + "\"java.util.List<java.lang.String>\" instead of \"java.lang.String\", local ttl "
                                + "\"2m\" instead of \"1m\"");
            });

    private static void expect(Throwable t, Class<? extends GCacheDefinitionException> type, String field, String fix,
            String problem) {
        GCacheDefinitionException e = BuildErrors.forMethod(t, type, Declarations.class, field);
        BuildErrors.assertNamesAndFix(e, Declarations.class, field, fix);
        assertThat(e).hasMessageContaining(problem).hasMessageContaining("(field " + Declarations.class.getName()
                + "." + field + ")");
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class Declarations {

        @Inject
        @GCacheUseCase(keyType = "user id", value = "BadKeyType")
        GCacheHandle<String> badKeyType;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "Get User")
        GCacheHandle<String> badName;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "watermark")
        GCacheHandle<String> reserved;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "BadTtl", local = @GCached.Layer(ttl = "soon"))
        GCacheHandle<String> badTtl;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "BadRamp", remote = @GCached.Layer(ttl = "1h", ramp = 101))
        GCacheHandle<String> badRamp;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "BadTimeout", fallbackTimeout = "0s")
        GCacheHandle<String> badTimeout;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "Clash")
        GCacheHandle<String> clash;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "Shared", local = @GCached.Layer(ttl = "1m"))
        GCacheHandle<String> shared;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "Shared", local = @GCached.Layer(ttl = "1m"))
        GCacheHandle<String> sharedTheSameWay;

        @Inject
        @GCacheUseCase(keyType = "org_id", value = "Shared", local = @GCached.Layer(ttl = "1m"))
        GCacheHandle<String> sharedWithOtherKeyType;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "Shared", local = @GCached.Layer(ttl = "2m"))
        GCacheHandle<List<String>> sharedWithOtherType;
    }

    @ApplicationScoped
    static class Service {

        @GCached(keyType = "user_id", useCase = "Clash")
        public String find(@GCacheId String id) {
            return id;
        }
    }
}
