package io.quarkiverse.gcache.runtime.config;

/**
 * The effective shadow validation settings of one use case (SPEC §12), as resolved from configuration and the
 * annotation. Immutable; a refresh swaps in new instances.
 *
 * @param ramp the share of keys, 0 to 100, whose REMOTE hits are checked; 0 is off
 * @param logMismatches whether a confirmed mismatch is logged (WARN) with both values
 */
public record ShadowSettings(int ramp, boolean logMismatches) {

    /** No shadow validation. */
    public static final ShadowSettings OFF = new ShadowSettings(0, false);

    /** Whether any key of the use case is checked. */
    public boolean isOn() {
        return ramp > 0;
    }
}
