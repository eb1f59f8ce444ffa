package io.quarkiverse.gcache.runtime;

/** Rethrows the method's own exception, checked or not, exactly as it was thrown. */
final class Sneaky {

    private Sneaky() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
