package io.quarkiverse.gcache.runtime;

/** Tells the callers waiting for a fill that its subscriber cancelled it: they run the method themselves. */
final class FillAbandoned extends RuntimeException {

    static final FillAbandoned INSTANCE = new FillAbandoned();

    private FillAbandoned() {
        super("the fill was cancelled", null, false, false);
    }
}
