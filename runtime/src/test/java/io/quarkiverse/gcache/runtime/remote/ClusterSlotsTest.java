package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterSlotsTest {

    @Test
    void slotsAreRedisClusterKeySlots() {
        // The reference value of the Redis Cluster specification, and what CLUSTER KEYSLOT answers.
        assertThat(ClusterSlots.slot("123456789")).isEqualTo(0x31C3);
        assertThat(ClusterSlots.slot("foo")).isEqualTo(12182);
        assertThat(ClusterSlots.slot("bar")).isEqualTo(5061);
        assertThat(ClusterSlots.slot("")).isZero();
    }

    @Test
    void aKeyIsFoundInAnyRangeEvenASingleSlot() {
        assertThat(ClusterSlots.slot(ClusterSlots.keyInSlots(0, 5460))).isBetween(0, 5460);
        assertThat(ClusterSlots.slot(ClusterSlots.keyInSlots(10923, 16383))).isBetween(10923, 16383);
        assertThat(ClusterSlots.slot(ClusterSlots.keyInSlots(16383, 16383))).isEqualTo(16383);
    }
}
