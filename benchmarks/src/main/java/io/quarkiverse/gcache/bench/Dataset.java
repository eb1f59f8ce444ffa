package io.quarkiverse.gcache.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The body shared by every benchmarked method: one lookup in a prebuilt map, so that the methods behind
 * {@code @GCached}, {@code @CacheResult}, the no-op interceptor and the plain class are identical and cheap.
 */
public final class Dataset {

    public static final int SIZE = 1_000;
    private static final Map<String, User> USERS = new HashMap<>();

    static {
        for (int i = 0; i < SIZE; i++) {
            String id = "u" + i;
            USERS.put(id, new User(id, "User " + i, "user" + i + "@example.com"));
        }
    }

    private Dataset() {
    }

    public static User lookup(String id) {
        return USERS.get(id);
    }
}
