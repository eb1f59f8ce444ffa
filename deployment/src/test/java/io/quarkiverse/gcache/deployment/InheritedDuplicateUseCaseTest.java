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
 * Two beans with the same simple name (nested in different classes, or in different packages) that inherit one
 * cached method get the same default use case: the error names the two bean classes and a fix that works (an
 * override in one of them), not "give one of the two methods its own useCase", which on the one inherited method
 * would only be a SharedUseCaseException.
 */
class InheritedDuplicateUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, Tenants.class, Tenants.UserRepo.class,
                    Archive.class, Archive.UserRepo.class))
            .assertException(t -> {
                DuplicateUseCaseException e = BuildErrors.single(t, DuplicateUseCaseException.class);
                String tenants = Tenants.UserRepo.class.getName();
                String archive = Archive.UserRepo.class.getName();
                assertThat(e.getClassName()).isIn(tenants, archive);
                assertThat(e.getMethodName()).isEqualTo("find");
                String other = e.getClassName().equals(tenants) ? archive : tenants;
                assertThat(e).hasMessageContaining("\"UserRepo.find\"").hasMessageContaining(other)
                        .hasMessageContaining(Repo.class.getName())
                        .hasMessageContaining("override find in " + e.getClassName());
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public abstract static class Repo {
        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return id;
        }
    }

    static class Tenants {
        @ApplicationScoped
        static class UserRepo extends Repo {
        }
    }

    static class Archive {
        @ApplicationScoped
        static class UserRepo extends Repo {
        }
    }
}
