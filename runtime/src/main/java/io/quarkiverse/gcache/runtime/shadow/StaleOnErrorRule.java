package io.quarkiverse.gcache.runtime.shadow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.quarkiverse.gcache.GCacheStaleRecoveryPolicy;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * One use case's stale on error, as configured (SPEC §13): the max-age ({@code stale-on-error.max-age}, else the
 * annotation's {@code staleOnErrorMaxAge}) and the policy: a {@link GCacheStaleRecoveryPolicy} bean, else the
 * exception class names of {@code stale-on-error.on}. Read once, at start (the start-up checks have failed the start
 * on a static value that cannot be read or is not longer than the REMOTE ttl).
 *
 * @param maxAgeMillis how long an entry is kept in Redis, and the oldest value returned
 * @param on the accepted exception class names, matched along the superclass chain of the failure and its causes
 * @param policy the application's policy bean, or {@code null}: then {@code on} decides
 */
public record StaleOnErrorRule(long maxAgeMillis, Set<String> on, GCacheStaleRecoveryPolicy policy) {

    /** What {@code stale-on-error.on} accepts when it is not set. */
    public static final List<String> DEFAULT_ON = List.of("java.util.concurrent.TimeoutException",
            "io.quarkiverse.gcache.GCacheFallbackTimeoutException", "java.io.IOException");

    private static final String PREFIX = "quarkus.gcache.use-case.";

    /** The rules of the use cases that have stale on error, by use case name; a use case without one is absent. */
    public static Map<String, StaleOnErrorRule> read(Config config, List<UseCaseSpec> specs,
            GCacheStaleRecoveryPolicy policy) {
        Map<String, StaleOnErrorRule> rules = new HashMap<>();
        for (UseCaseSpec spec : specs) {
            Duration maxAge = maxAge(config, spec);
            if (maxAge != null && !maxAge.isZero()) {
                rules.put(spec.getUseCase(), new StaleOnErrorRule(maxAge.toMillis(),
                        new LinkedHashSet<>(on(config, spec.getUseCase())), policy));
            }
        }
        return rules;
    }

    /** The max-age in force at start, or {@code null}; a value that cannot be read is off (the start-up checks said). */
    static Duration maxAge(Config config, UseCaseSpec spec) {
        String text = property(config, spec.getUseCase(), "stale-on-error.max-age")
                .orElse(spec.getStaleOnErrorMaxAge());
        if (text == null || text.isBlank() || Durations.whyNot(text) != null) {
            return null;
        }
        return Durations.parse(text);
    }

    private static List<String> on(Config config, String useCase) {
        for (String name : names(useCase, "stale-on-error.on")) {
            Optional<List<String>> values = config.getOptionalValues(name, String.class);
            if (values.isPresent() && !values.get().isEmpty()) {
                List<String> trimmed = new ArrayList<>();
                values.get().forEach(v -> trimmed.add(v.trim()));
                return trimmed;
            }
        }
        return DEFAULT_ON;
    }

    private static Optional<String> property(Config config, String useCase, String suffix) {
        for (String name : names(useCase, suffix)) {
            String v = config.getConfigValue(name).getValue();
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The property quoted (as SmallRye writes map keys with dots) and plain. */
    private static List<String> names(String useCase, String suffix) {
        return List.of(PREFIX + "\"" + useCase + "\"." + suffix, PREFIX + useCase + "." + suffix);
    }

    /**
     * Whether the failure may be answered with a stale value: the policy bean's answer, else whether the failure or
     * one of its causes is of a class named in {@code on}, or of a subclass of one (by name, so that a class the
     * application does not have is simply never matched).
     */
    public boolean accepts(String useCase, Throwable failure) {
        if (policy != null) {
            return policy.recover(useCase, failure);
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a cause chain may loop
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                if (on.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
