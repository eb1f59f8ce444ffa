package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.SharedUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An explicit use case on a method that several beans inherit would be one cache for beans whose methods may
 * return different things: the build names the beans and the two ways out.
 */
class SharedUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, UserRepo.class, OrderRepo.class))
            .assertException(t -> {
                SharedUseCaseException e = BuildErrors.single(t, SharedUseCaseException.class);
                BuildErrors.assertNamesAndFix(e, Repo.class, "find", "remove useCase");
                assertThat(e).hasMessageContaining("FindEntity")
                        .hasMessageContaining(UserRepo.class.getName())
                        .hasMessageContaining(OrderRepo.class.getName());
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public abstract static class Repo<T> {
        @GCached(keyType = "entity", useCase = "FindEntity")
        public T find(@GCacheId String id) {
            return create(id);
        }

        protected abstract T create(String id);
    }

    @ApplicationScoped
    public static class UserRepo extends Repo<String> {
        @Override
        protected String create(String id) {
            return "user-" + id;
        }
    }

    @ApplicationScoped
    public static class OrderRepo extends Repo<Integer> {
        @Override
        protected Integer create(String id) {
            return id.length();
        }
    }
}
