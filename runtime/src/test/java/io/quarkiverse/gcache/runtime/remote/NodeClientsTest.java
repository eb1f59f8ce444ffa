package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A master's endpoint keeps the scheme (TLS or not), the credentials and the database of the client's endpoint. */
class NodeClientsTest {

    @Test
    void onlyTheHostAndPortAreReplaced() {
        assertThat(NodeClients.endpoint("redis://127.0.0.1:7000", "10.0.0.2:7001")).isEqualTo("redis://10.0.0.2:7001");
        assertThat(NodeClients.endpoint("rediss://gcache:s3cr%40t@redis.example:6380/0?client=x", "10.0.0.2:7001"))
                .isEqualTo("rediss://gcache:s3cr%40t@10.0.0.2:7001/0?client=x");
        assertThat(NodeClients.endpoint("redis://:pw@host:6379/2", "h2:7002")).isEqualTo("redis://:pw@h2:7002/2");
        assertThat(NodeClients.endpoint("redis://host", "h2:7002")).isEqualTo("redis://h2:7002");
    }

    /**
     * CLUSTER NODES writes an IPv6 master as {@code ::1:7001@17001}, without brackets; a URI needs them, or Vert.x
     * cannot parse the endpoint and the master is never subscribed on (the subscription stays not live).
     */
    @Test
    void anIpv6MastersHostIsBracketed() {
        assertThat(NodeClients.endpoint("redis://[::1]:7000", "::1:7001")).isEqualTo("redis://[::1]:7001");
        assertThat(NodeClients.endpoint("rediss://u:p@[fd00::2]:6380/0", "fd00::3:6381"))
                .isEqualTo("rediss://u:p@[fd00::3]:6381/0");
    }
}
