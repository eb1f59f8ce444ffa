package io.quarkiverse.gcache.bench;

/** The same methods as {@link GCachedService}, on a plain object: no bean, no proxy, no interceptor. */
public class PlainService {

    public User profile(String id) {
        return Dataset.lookup(id);
    }

    public User args2(String id, String region, int page) {
        return Dataset.lookup(id);
    }

    public User args6(String id, String region, int page, long since, String lang, boolean active, int size) {
        return Dataset.lookup(id);
    }
}
