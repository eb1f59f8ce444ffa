package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnsupportedReturnTypeException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;

/** A stream of values is not cached: a {@code Multi} (or any publisher) must be collected into a {@code Uni}. */
class UnsupportedReturnTypeTest {

    private static final String FIX = "return the value itself, a Uni<T> or a CompletionStage<T> (collect a Multi into a"
            + " Uni<List<T>>)";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(StreamBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                UnsupportedReturnTypeException multi = BuildErrors.forMethod(t, UnsupportedReturnTypeException.class,
                        StreamBean.class, "posts");
                BuildErrors.assertNamesAndFix(multi, StreamBean.class, "posts", FIX);
                assertThat(multi).hasMessageStartingWith(
                        "@GCached cannot cache the return type io.smallrye.mutiny.Multi<java.lang.String>");

                UnsupportedReturnTypeException publisher = BuildErrors.forMethod(t,
                        UnsupportedReturnTypeException.class, StreamBean.class, "comments");
                BuildErrors.assertNamesAndFix(publisher, StreamBean.class, "comments", FIX);
                assertThat(publisher).hasMessageStartingWith(
                        "@GCached cannot cache the return type java.util.concurrent.Flow$Publisher<java.lang.String>");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class StreamBean {

        @GCached(keyType = "user_id")
        public Multi<String> posts(@GCacheId String userId) {
            return Multi.createFrom().item(userId);
        }

        @GCached(keyType = "user_id")
        public Flow.Publisher<String> comments(@GCacheId String userId) {
            return Multi.createFrom().item(userId);
        }
    }
}
