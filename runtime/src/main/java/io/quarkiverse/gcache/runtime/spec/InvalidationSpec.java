package io.quarkiverse.gcache.runtime.spec;

/** One {@code @GCacheInvalidate}: the key type, where its id comes from, and the future buffer. */
public class InvalidationSpec {

    private String keyType;
    private KeyPartSpec id;
    private long futureBufferMillis;

    public String getKeyType() {
        return keyType;
    }

    public void setKeyType(String keyType) {
        this.keyType = keyType;
    }

    /** The id: the parameter's position, the generated reader of its path, the adapter, as for {@code @GCacheId}. */
    public KeyPartSpec getId() {
        return id;
    }

    public void setId(KeyPartSpec id) {
        this.id = id;
    }

    /** {@code 0} for none. */
    public long getFutureBufferMillis() {
        return futureBufferMillis;
    }

    public void setFutureBufferMillis(long futureBufferMillis) {
        this.futureBufferMillis = futureBufferMillis;
    }
}
