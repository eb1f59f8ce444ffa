package io.quarkiverse.gcache.test.runtime.entities;

/** A generic wrapper: a path through it ends at its type argument. */
public class Holder<T> {

    private final T value;

    public Holder(T value) {
        this.value = value;
    }

    public T getValue() {
        return value;
    }
}
