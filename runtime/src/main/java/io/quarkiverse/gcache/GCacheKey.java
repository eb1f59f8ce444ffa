package io.quarkiverse.gcache;

import java.util.Map;

/** The key of one cached call, as a {@link GCacheConfigProvider} sees it. */
public interface GCacheKey {

    /** The entity type, e.g. {@code user_id}. */
    String keyType();

    /** The entity's id as it stands in the key (before escaping). */
    String id();

    /** The use case. */
    String useCase();

    /**
     * The key arguments by parameter name, as key strings, in name order; a {@code null} argument maps to
     * {@code null} (it stands as {@code %null} in the URN).
     */
    Map<String, String> args();

    /** The full key, e.g. {@code {urn:gcache:user_id:42}#GetUser}; built when asked. */
    String urn();
}
