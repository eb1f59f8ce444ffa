package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How flush() picks, from CLUSTER NODES, a key that routes a SCAN script to each master (issue 10 item 13). */
class ClusterMastersTest {

    // As Redis 7.0 prints it while slot 0 moves from a to b (a replica of c included).
    static final String NODES = """
            aaa 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 [0->-bbb]
            bbb 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922 [0-<-aaa]
            ccc 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383
            ddd 127.0.0.1:7003@17003 slave ccc 0 0 3 connected
            """;

    @Test
    void everyMasterIsAddressedThroughASlotThatIsNotMoving() {
        List<RedisGateway.Master> masters = RedisGateway.masters(NODES);

        assertThat(masters).extracting(RedisGateway.Master::id).containsExactly("aaa", "bbb", "ccc");
        assertThat(masters).extracting(RedisGateway.Master::address)
                .containsExactly("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002");
        assertThat(ClusterSlots.slot(masters.get(0).route())).isEqualTo(1); // slot 0 is migrating
        assertThat(ClusterSlots.slot(masters.get(1).route())).isEqualTo(5461);
        assertThat(ClusterSlots.slot(masters.get(2).route())).isEqualTo(10923);
    }

    @Test
    void aMasterWhoseEverySlotIsMovingFailsTheFlush() {
        String nodes = """
                aaa 127.0.0.1:7000@17000 master - 0 0 1 connected 0 [0->-bbb]
                bbb 127.0.0.1:7001@17001 master - 0 0 2 connected 1-16383 [0-<-aaa]
                """;
        assertThatThrownBy(() -> RedisGateway.masters(nodes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:7000").hasMessageContaining("being migrated");
    }
}
