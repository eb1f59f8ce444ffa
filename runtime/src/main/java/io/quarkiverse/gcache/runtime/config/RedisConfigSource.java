package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;

/**
 * A config source backed by the Redis hash {@code <key-prefix>:config}, so that one {@code HSET} changes a ramp,
 * a TTL or the global switch on every instance within {@code quarkus.gcache.config-refresh}, and {@code HDEL}
 * gives the property back to the application's own configuration. Its values sit above
 * {@code application.properties} (ordinal {@value #ORDINAL}) and below environment variables and system properties.
 * <p>
 * It serves GCache's own properties ({@value #SERVED_PREFIX}*) and nothing else: whoever can write to the cache's
 * Redis must not be able to change the rest of the application's configuration through it. Other fields are
 * ignored, and said once each.
 * <p>
 * It holds the last values the {@link Poller} read; with Redis down it keeps them and says so once.
 */
public class RedisConfigSource implements ConfigSource {

    /** Above application.properties (250), below environment variables (300). */
    public static final int ORDINAL = 275;

    /** The only properties the hash may set. */
    public static final String SERVED_PREFIX = "quarkus.gcache.";

    private static volatile Map<String, String> values = Map.of();

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "GCacheRedisConfigSource";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    /** Reads the hash into the source; run by the engine before each refresh. */
    public static final class Poller {

        private static final Logger LOG = Logger.getLogger(RedisConfigSource.class);

        private final RedisGateway remote;
        private final String key;
        private boolean failing;
        private final Set<String> ignoredSaid = new HashSet<>();

        public Poller(RedisGateway remote, Keyspace keyspace) {
            this.remote = remote;
            this.key = keyspace.configKey();
        }

        public void poll() {
            try {
                Map<String, String> read = remote.hashEntries(key).await().atMost(Duration.ofSeconds(5));
                values = served(read);
                if (failing) {
                    LOG.infof("GCache reads its configuration from the Redis hash %s again", key);
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warnf("GCache cannot read its configuration from the Redis hash %s (%s); the last values read "
                            + "stay in force", key, e.toString());
                    failing = true;
                }
            }
        }

        /** The hash's {@value #SERVED_PREFIX}* fields; any other field is left out, and said once. */
        private Map<String, String> served(Map<String, String> read) {
            Map<String, String> served = new HashMap<>();
            read.forEach((name, value) -> {
                if (name.startsWith(SERVED_PREFIX)) {
                    served.put(name, value);
                } else if (ignoredSaid.add(name)) {
                    LOG.warnf("GCache ignores the field %s of the Redis hash %s: the hash sets %s* properties only",
                            name, key, SERVED_PREFIX);
                }
            });
            return Map.copyOf(served);
        }
    }
}
