package io.quarkiverse.gcache.runtime.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shadow cohort is a stable share of keys: the same keys every time, nested as the ramp grows. */
class ShadowCohortTest {

    @Test
    void aRampSelectsAboutItsShareOfKeysAndTheSameOnesEveryTime() {
        int in5 = 0;
        for (int i = 0; i < 100_000; i++) {
            String urn = "{urn:gcache:user_id:" + i + "}#GetUserProfile";
            boolean five = ShadowCohort.includes(urn, 5);
            assertThat(ShadowCohort.includes(urn, 5)).isEqualTo(five);
            if (five) {
                in5++;
                assertThat(ShadowCohort.includes(urn, 20)).as("raising the ramp only adds keys").isTrue();
            }
        }
        assertThat(in5).isBetween(4_500, 5_500);
    }

    @Test
    void zeroIsNobodyAndHundredIsEverybody() {
        assertThat(ShadowCohort.includes("urn:gcache:user_id:1#X", 0)).isFalse();
        assertThat(ShadowCohort.includes("urn:gcache:user_id:1#X", 100)).isTrue();
    }
}
