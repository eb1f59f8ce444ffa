package io.quarkiverse.gcache.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void closeCluster() {
        cluster.close();
    }

    @Test
    void everyNodeReportsStateOkWithAllSlotsAndThreeMasters() {
        assertThat(cluster.uris()).hasSize(3).allMatch(uri -> uri.startsWith("redis://127.0.0.1:"));
        for (RedisServer node : cluster.nodes()) {
            String info = (String) node.command("CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3",
                    "cluster_size:3");
        }
        List<?> slots = (List<?>) cluster.node(0).command("CLUSTER", "SLOTS");
        assertThat(slots).hasSize(3);
    }

    @Test
    void keyWithHashTagLandsOnTheNodeOwningItsSlot() {
        String key = "{user:42}:profile";
        int slot = cluster.keySlot(key);
        assertThat(cluster.keySlot("{user:42}:settings")).as("same hash tag, same slot").isEqualTo(slot);

        RedisServer owner = cluster.nodeForKey(key);
        assertThat(owner.command("SET", key, "v")).isEqualTo("OK");
        assertThat(owner.command("GET", key)).isEqualTo("v");
        assertThat(owner.command("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo(1L);

        for (RedisServer other : cluster.nodes()) {
            if (other != owner) {
                assertThatThrownBy(() -> other.command("GET", key))
                        .isInstanceOf(RedisErrorReply.class)
                        .hasMessage("MOVED " + slot + " 127.0.0.1:" + owner.port());
            }
        }
    }

    @Test
    void killedMasterRestartsWithItsIdentityAndSlots() {
        RedisServer victim = cluster.node(1);
        String id = (String) victim.command("CLUSTER", "MYID");
        int port = victim.port();
        victim.stop();
        victim.restart();
        cluster.awaitState("ok");
        assertThat(victim.port()).isEqualTo(port);
        assertThat(victim.command("CLUSTER", "MYID")).isEqualTo(id);
        String key = "k0";
        for (int i = 1; cluster.nodeForKey(key) != victim && i < 100; i++) {
            key = "k" + i; // no hash tag: find a key whose slot is in the victim's range
        }
        assertThat(cluster.nodeForKey(key)).isSameAs(victim);
        assertThat(victim.command("SET", key, "v")).as("it still owns its slots").isEqualTo("OK");
    }

    @Test
    void pausedMasterFailsTheClusterAndResumeHealsIt() {
        RedisServer victim = cluster.node(2);
        victim.pause();
        try {
            cluster.awaitState("fail");
        } finally {
            victim.resume();
        }
        cluster.awaitState("ok");
        assertThat(victim.command("CLUSTER", "INFO")).asString().contains("cluster_state:ok");
    }
}
