package io.quarkiverse.gcache.runtime.shadow;

/**
 * Which keys shadow validation checks: those whose URN hashes inside the ramp. The hash is the URN's alone, so a key
 * is in or out for as long as the ramp stays, whatever the serving ramp drew for a call, in every process (and every
 * JVM: {@code String.hashCode} is specified), and raising the ramp only adds keys.
 */
public final class ShadowCohort {

    private ShadowCohort() {
    }

    /** Whether the key named {@code urn} is in a cohort of {@code ramp} percent of the keys. */
    public static boolean includes(String urn, int ramp) {
        if (ramp >= 100) {
            return true;
        }
        if (ramp <= 0) {
            return false;
        }
        // MurmurHash3's finaliser: URNs that differ in their last characters spread over all 100 buckets.
        int h = urn.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, 100) < ramp;
    }
}
