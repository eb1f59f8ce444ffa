package io.quarkiverse.gcache.runtime.shadow;

/** How one shadow check ended (SPEC §12): the {@code outcome} label of the shadow series. */
public enum ShadowOutcome {
    /** The method's value now equals the served entry's. */
    MATCH("match"),
    /** They differ and the entry is still there, unchanged: a confirmed stale entry. */
    MISMATCH("mismatch"),
    /** They differ, but the entry was replaced, removed or invalidated since: the cache already moved on. */
    SUPERSEDED("superseded"),
    /** Warming: REMOTE had nothing fresh and the caller's result was written. */
    FILLED("filled"),
    /** Warming: the entity's watermark, as the read saw it or as the write found it, forbade the write. */
    FILL_FENCED("fill_fenced"),
    /** Warming: the read or the write failed. */
    FILL_ERROR("fill_error"),
    /** The comparator threw, or the served entry could not be decoded again. */
    COMPARISON_ERROR("comparison_error"),
    /** The confirmation read (C1) failed. */
    CONFIRMATION_ERROR("confirmation_error"),
    /** The method, run again, threw (or, warming, the caller's own run did). */
    SOURCE_ERROR("source_error"),
    /** The check outlived its deadline, the use case's fallback timeout. */
    TIMEOUT("timeout"),
    /** Not run: {@code max-in-flight} checks were running, or one for the same key was. */
    DROPPED("dropped");

    private final String label;

    ShadowOutcome(String label) {
        this.label = label;
    }

    /** The value of the {@code outcome} label. */
    public String label() {
        return label;
    }

    /** Whether the entry's age at the verdict is recorded in {@code gcache_shadow_value_age_histogram}. */
    public boolean aged() {
        return this == MATCH || this == MISMATCH;
    }
}
