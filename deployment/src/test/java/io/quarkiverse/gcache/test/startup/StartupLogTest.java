package io.quarkiverse.gcache.test.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.config.StartupChecks;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §14: at start GCache warns once per {@code quarkus.gcache.use-case."<name>".*} property whose name matches no
 * use case, naming the nearest one, and lists in one INFO line the use cases that no source gives a TTL.
 */
class StartupLogTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class))
            // typos: quoted, unquoted, a name with a dot, another layer of the same typo
            .overrideConfigKey("quarkus.gcache.use-case.\"GetUserProfil\".local.ttl", "30s")
            .overrideConfigKey("quarkus.gcache.use-case.\"GetUserProfil\".remote.ramp", "10")
            .overrideConfigKey("quarkus.gcache.use-case.GetUsrAddress.local.ramp", "50")
            .overrideConfigKey("quarkus.gcache.use-case.\"Profiles.settingz\".local.ttl", "1m")
            // right names, quoted and not, with a dot: no warning
            .overrideConfigKey("quarkus.gcache.use-case.\"GetUserProfile\".local.ttl", "2m")
            .overrideConfigKey("quarkus.gcache.use-case.GetUserAddress.local.ttl", "2m")
            .overrideConfigKey("quarkus.gcache.use-case.\"Profiles.settings\".local.ramp", "100")
            .overrideConfigKey("quarkus.gcache.use-case.Profiles.settings.local.max-size", "100")
            // a TTL from a property only, and a TTL a property takes away
            .overrideConfigKey("quarkus.gcache.use-case.\"TtlFromProperty\".remote.ttl", "1h")
            .overrideConfigKey("quarkus.gcache.use-case.\"TtlTakenAway\".local.ttl", "0")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(StartupChecks.class.getName()))
            .assertLogRecords(StartupLogTest::assertLog);

    static void assertLog(List<LogRecord> records) {
        List<String> warnings = records.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .map(StartupLogTest::text).toList();
        assertThat(warnings).as("one per unknown property").hasSize(4);
        assertThat(warnings).filteredOn(m -> m.contains("quarkus.gcache.use-case.\"GetUserProfil\".local.ttl"))
                .singleElement().asString().contains("GetUserProfil")
                .contains("did you mean \"GetUserProfile\"?");
        assertThat(warnings).filteredOn(m -> m.contains("quarkus.gcache.use-case.\"GetUserProfil\".remote.ramp"))
                .singleElement().asString().contains("did you mean \"GetUserProfile\"?");
        assertThat(warnings).filteredOn(m -> m.contains("quarkus.gcache.use-case.GetUsrAddress.local.ramp"))
                .singleElement().asString().contains("did you mean \"GetUserAddress\"?");
        assertThat(warnings).filteredOn(m -> m.contains("quarkus.gcache.use-case.\"Profiles.settingz\".local.ttl"))
                .singleElement().asString().contains("did you mean \"Profiles.settings\"?");

        List<String> infos = records.stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue()).map(StartupLogTest::text)
                .toList();
        assertThat(infos).singleElement().asString()
                .contains("no TTL in any layer cache nothing")
                .contains("NoTtl, TtlTakenAway.")
                .doesNotContain("GetUserProfile").doesNotContain("TtlFromProperty").doesNotContain("Profiles.settings");
    }

    static String text(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
    }

    @Test
    void theApplicationStartsAndTheLogSaysWhatIsWrong() {
        // assertLog checked the start's log.
    }

    @ApplicationScoped
    public static class Profiles {

        @GCached(keyType = "user_id", useCase = "GetUserProfile", local = @GCached.Layer(ttl = "1m"))
        public String profile(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "GetUserAddress", local = @GCached.Layer(ttl = "1m"))
        public String address(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1m"))
        public String settings(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "NoTtl")
        public String noTtl(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "TtlFromProperty")
        public String ttlFromProperty(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "TtlTakenAway", local = @GCached.Layer(ttl = "1m"))
        public String ttlTakenAway(@GCacheId String id) {
            return id;
        }
    }
}
