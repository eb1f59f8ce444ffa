package io.quarkiverse.gcache.runtime.key;

/**
 * A Redis key read back into its parts by {@link Keyspace#parse}.
 *
 * @param key the key itself
 * @param escapedId the id as it stands in the key
 * @param id the id with its percent-escapes decoded
 * @param tracked whether the entity part is a hash tag (a tracked use case's entry, or a watermark)
 * @param watermark whether it is an entity's watermark rather than an entry
 */
public record StoredKey(String key, String keyType, String escapedId, String id, String useCase, boolean tracked,
        boolean watermark) {
}
