package io.quarkiverse.gcache.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.deployment.pkgbase.PackageBase;
import io.quarkiverse.gcache.deployment.validation.PackagePrivateInheritedException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A bean in another package that inherits a package-private cached method cannot override it (the JVM's rule), so
 * its own use case would never be reached: calls from the base's package ran the body uncached, every time. That is a
 * build error now, naming the base method and the bean.
 */
class PackagePrivateInheritedTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PackageBase.class, ItemRepo.class))
            .assertException(t -> {
                PackagePrivateInheritedException e = BuildErrors.single(t, PackagePrivateInheritedException.class);
                BuildErrors.assertNamesAndFix(e, PackageBase.class, "find",
                        "make the method protected or public, or move the bean class into the package "
                                + PackageBase.class.getPackageName());
                org.assertj.core.api.Assertions.assertThat(e).hasMessageContaining(ItemRepo.class.getName());
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @Singleton
    public static class ItemRepo extends PackageBase {
    }
}
