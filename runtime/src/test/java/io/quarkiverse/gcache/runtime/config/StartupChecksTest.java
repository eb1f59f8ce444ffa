package io.quarkiverse.gcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The start's checks on the environment's form of GCache's properties ({@code QUARKUS_GCACHE_USE_CASE_...}), which a
 * QuarkusUnitTest cannot set: the application's own tests cover the dotted form (StartupLogTest, StaticBadValuesTest).
 */
class StartupChecksTest {

    static final List<UseCaseSpec> SPECS = List.of(spec("GetUserProfile"), spec("Orders.byId"));

    @Test
    void anEnvironmentVariableThatNamesNoUseCaseIsWarnedAboutWithTheNearestName() {
        Config config = env(Map.of(
                "QUARKUS_GCACHE_USE_CASE__GETUSERPROFIL__LOCAL_TTL", "30s", // quoted form, a typo
                "QUARKUS_GCACHE_USE_CASE_ORDERS_BYIDD_REMOTE_RAMP", "10", // unquoted form, a typo
                "QUARKUS_GCACHE_USE_CASE__GETUSERPROFILE__LOCAL_TTL", "30s", // right
                "QUARKUS_GCACHE_USE_CASE_ORDERS_BYID_LOCAL_MAX_SIZE", "10", // right
                "QUARKUS_GCACHE_LOCAL_MAX_SIZE", "10", // not a use case's
                "PATH", "/usr/bin"));

        assertThat(StartupChecks.unknownUseCaseWarnings(config, SPECS)).containsExactlyInAnyOrder(
                "GCache ignores QUARKUS_GCACHE_USE_CASE__GETUSERPROFIL__LOCAL_TTL: it names the use case GETUSERPROFIL, "
                        + "which does not exist; did you mean \"GetUserProfile\"?",
                "GCache ignores QUARKUS_GCACHE_USE_CASE_ORDERS_BYIDD_REMOTE_RAMP: it names the use case ORDERS_BYIDD, "
                        + "which does not exist; did you mean \"Orders.byId\"?");
    }

    @Test
    void withoutUseCasesThePropertySaysSo() {
        Config config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(), 300))
                .withDefaultValue("quarkus.gcache.use-case.\"GetUser\".local.ttl", "1m").build();

        assertThat(StartupChecks.unknownUseCaseWarnings(config, List.of())).containsExactly(
                "GCache ignores quarkus.gcache.use-case.\"GetUser\".local.ttl: it names the use case GetUser, and the "
                        + "application declares none");
    }

    @Test
    void anEnvironmentVariableGCacheCannotReadFailsTheStart() {
        Config config = env(Map.of("QUARKUS_GCACHE_USE_CASE__GETUSERPROFILE__REMOTE_RAMP", "most",
                "QUARKUS_GCACHE_USE_CASE_ORDERS_BYID_LOCAL_TTL", "5m"));

        assertThatThrownBy(() -> StartupChecks.failOnUnreadableStaticValues(config, SPECS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("GCache cannot start: 1 value of the application's configuration cannot be read")
                .hasMessageContaining("quarkus.gcache.use-case.\"GetUserProfile\".remote.ramp=most (EnvConfigSource): "
                        + "ramp 'most' is not a whole number from 0 to 100; write a whole number from 0");
    }

    @Test
    void theNearestNameIsTheOneFewestEditsAway() {
        assertThat(StartupChecks.editDistance("GetUserProfil", "GetUserProfile")).isEqualTo(1);
        assertThat(StartupChecks.editDistance("", "abc")).isEqualTo(3);
        assertThat(StartupChecks.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(StartupChecks.nearest("getuserprofil", java.util.Set.of("GetUser", "GetUserProfile")))
                .isEqualTo("GetUserProfile");
    }

    private static Config env(Map<String, String> variables) {
        return new SmallRyeConfigBuilder().withSources(new EnvConfigSource(variables, 300)).build();
    }

    private static UseCaseSpec spec(String name) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase(name);
        return spec;
    }
}
