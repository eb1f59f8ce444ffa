package io.quarkiverse.gcache.runtime.key;

import java.util.Arrays;

/**
 * The LOCAL layer's key for a use case with key arguments: the id and the arguments' key values, compared by
 * value. A use case without arguments uses the id string itself. Building one costs an object and an array,
 * never a URN.
 */
public final class LocalKey {

    private final String id;
    private final Object[] args;
    private final int hash;

    public LocalKey(String id, Object[] args) {
        this.id = id;
        this.args = args;
        this.hash = 31 * id.hashCode() + Arrays.hashCode(args);
    }

    public String id() {
        return id;
    }

    /** The arguments' key values (key strings, or values whose {@code equals} matches their key string). */
    public Object[] args() {
        return args;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof LocalKey other && hash == other.hash && id.equals(other.id) && Arrays.equals(args, other.args);
    }

    @Override
    public String toString() {
        return id + Arrays.toString(args);
    }
}
