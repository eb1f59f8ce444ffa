package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.DuplicateUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Two cached overloads of one method share its default use case, {@code MistakeService.byFilter}: the error names
 * both signatures with their parameter types (the names alone are the same) and says how to tell them apart.
 */
class OverloadedUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(MistakeService.class, Filter.class))
            .assertException(t -> {
                DuplicateUseCaseException e = BuildErrors.single(t, DuplicateUseCaseException.class);
                String service = MistakeService.class.getName();
                String byRecord = service + "#byFilter(String, Filter)";
                String byPage = service + "#byFilter(String, int)";
                // Which overload is reported depends on the index; the message names both either way.
                String reported = e.getMessage().contains("and " + byRecord + " [class=") ? byRecord : byPage;
                String other = reported.equals(byRecord) ? byPage : byRecord;
                assertThat(e).hasMessageStartingWith("the use case \"MistakeService.byFilter\" is that of two methods, "
                        + other + " and " + reported + " [class=" + service + ", method=byFilter]");
                BuildErrors.assertNamesAndFix(e, MistakeService.class, "byFilter",
                        "give one of the two methods its own @GCached(useCase = \"...\"), e.g. "
                                + reported.substring(reported.indexOf('#') + 1));
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public record Filter(String name) {
    }

    @ApplicationScoped
    static class MistakeService {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"))
        public String byFilter(@GCacheId String userId, Filter filter) {
            return userId + filter;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"))
        public String byFilter(@GCacheId String userId, int page) {
            return userId + page;
        }
    }
}
