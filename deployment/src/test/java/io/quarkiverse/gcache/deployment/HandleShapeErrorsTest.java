package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.deployment.validation.HandleTypeVariableException;
import io.quarkiverse.gcache.deployment.validation.HandleWithoutUseCaseException;
import io.quarkiverse.gcache.deployment.validation.RawHandleException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code GCacheHandle} injection point that cannot declare a use case fails the build with GCache's own error, naming
 * the injection point and the fix: no type argument, a type variable or a wildcard as {@code T}, no
 * {@code @GCacheUseCase}. (ArC reports each such point as unsatisfied as well: no bean can have those types.)
 */
class HandleShapeErrorsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shapes.class, Generic.class))
            .assertException(t -> {
                RawHandleException raw = BuildErrors.forMethod(t, RawHandleException.class, Shapes.class, "raw");
                BuildErrors.assertNamesAndFix(raw, Shapes.class, "raw", "GCacheHandle<User>");
                assertThat(raw).hasMessageStartingWith("GCacheHandle is injected without a type argument (field "
                        + Shapes.class.getName() + ".raw)");

                HandleTypeVariableException wildcard = BuildErrors.forMethod(t, HandleTypeVariableException.class,
                        Shapes.class, "wildcard");
                BuildErrors.assertNamesAndFix(wildcard, Shapes.class, "wildcard", "GCacheHandle<List<User>>");
                assertThat(wildcard).hasMessageContaining("GCacheHandle<java.util.List<?>>");
                HandleTypeVariableException variable = BuildErrors.forMethod(t, HandleTypeVariableException.class,
                        Generic.class, "<init>");
                assertThat(variable).hasMessageContaining("GCacheHandle<T>")
                        .hasMessageContaining("parameter handle of the constructor " + Generic.class.getName());

                HandleWithoutUseCaseException unqualified = BuildErrors.forMethod(t,
                        HandleWithoutUseCaseException.class, Shapes.class, "unqualified");
                BuildErrors.assertNamesAndFix(unqualified, Shapes.class, "unqualified",
                        "@GCacheUseCase(keyType = \"user_id\", value = \"GetUser\")");
                assertThat(BuildErrors.all(t)).hasSize(4);
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class Shapes {

        @SuppressWarnings("rawtypes")
        @Inject
        @GCacheUseCase(keyType = "user_id", value = "RawHandle")
        GCacheHandle raw;

        @Inject
        @GCacheUseCase(keyType = "user_id", value = "WildcardHandle")
        GCacheHandle<List<?>> wildcard;

        @Inject
        GCacheHandle<String> unqualified;
    }

    @Dependent
    static class Generic<T> {

        final GCacheHandle<T> handle;

        @Inject
        Generic(@GCacheUseCase(keyType = "user_id", value = "GenericHandle") GCacheHandle<T> handle) {
            this.handle = handle;
        }
    }
}
