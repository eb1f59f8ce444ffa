package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.RateLimitedLog;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * Resolves the effective {@link Settings}: {@code quarkus.gcache.use-case."X".<layer>.ttl|ramp} from any
 * config source over the annotation's defaults, and {@code quarkus.gcache.enabled}. Reads the config sources
 * each time it is asked, so calling it again picks up what a dynamic source changed. A value that cannot be read
 * switches that layer off ({@link LayerSettings#CONFIG_ERROR}); nothing here throws.
 */
public final class SettingsReader {

    static final String PREFIX = "quarkus.gcache.";
    /** {@code quarkus.gcache.request-local.max-size}'s default. */
    static final int DEFAULT_REQUEST_LOCAL_MAX_SIZE = 1000;
    private static final Logger LOG = Logger.getLogger(SettingsReader.class);

    private final List<UseCaseSpec> specs;
    private final String[][] propertyNames;
    private final RateLimitedLog log;

    public SettingsReader(List<UseCaseSpec> specs, RateLimitedLog log) {
        this.specs = specs;
        this.log = log;
        this.propertyNames = new String[specs.size()][];
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).getUseCase();
            propertyNames[i] = new String[] {
                    PREFIX + "use-case.\"" + name + "\".", // quoted, as SmallRye writes map keys with dots
                    PREFIX + "use-case." + name + "."
            };
        }
    }

    public Settings read(Config config) {
        UseCaseSettings[] useCases = new UseCaseSettings[specs.size()];
        long[] deadlines = new long[specs.size()];
        boolean[] boundsMethod = new boolean[specs.size()];
        for (int i = 0; i < useCases.length; i++) {
            UseCaseSpec spec = specs.get(i);
            useCases[i] = new UseCaseSettings(
                    layer(config, i, "local", spec.getLocalTtl(), spec.getLocalRamp()),
                    layer(config, i, "remote", spec.getRemoteTtl(), spec.getRemoteRamp()),
                    flag(config, i, "request-local.enabled", spec.isRequestLocal(), false),
                    flag(config, i, "coalesce", spec.isCoalesce(), spec.isCoalesce()),
                    shadow(config, i, spec.getShadowRamp()));
            long set = fallbackTimeout(config, i, spec.getFallbackTimeout());
            deadlines[i] = set > 0 ? set : Settings.DEFAULT_FALLBACK_TIMEOUT_NANOS;
            boundsMethod[i] = set > 0;
        }
        return new Settings(readEnabled(config), useCases, deadlines, boundsMethod);
    }

    private boolean readEnabled(Config config) {
        String raw = config.getConfigValue(PREFIX + "enabled").getValue();
        if (raw == null || raw.isBlank()) {
            return true;
        }
        String v = raw.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        // A switch that cannot be read must not leave caching on by accident.
        log.warn("config:enabled", "quarkus.gcache.enabled='%s' is neither true nor false; GCache is disabled", raw);
        return false;
    }

    private LayerSettings layer(Config config, int index, String layer, String defaultTtl, int defaultRamp) {
        String ttlText = property(config, index, layer + ".ttl");
        String rampText = property(config, index, layer + ".ramp");
        try {
            Duration ttl = Durations.parse(ttlText != null ? ttlText : defaultTtl);
            int ramp = rampText != null ? parseRamp(rampText) : defaultRamp;
            return new LayerSettings(ttl.toNanos(), ramp, false);
        } catch (RuntimeException e) {
            String useCase = specs.get(index).getUseCase();
            log.warn("config:" + useCase + ":" + layer,
                    "The %s layer of use case %s is off: its configuration cannot be read (%s)", layer, useCase,
                    e.getMessage());
            return LayerSettings.CONFIG_ERROR;
        }
    }

    /**
     * {@code shadow.ramp} over the annotation's {@code shadowRamp}, and {@code shadow.log-mismatches}. A value that
     * cannot be read turns shadow validation off for the use case: it is a measurement, never worth a wrong one.
     */
    private ShadowSettings shadow(Config config, int index, int defaultRamp) {
        String rampText = property(config, index, "shadow.ramp");
        String logText = property(config, index, "shadow.log-mismatches");
        try {
            int ramp = rampText != null ? parseRamp(rampText) : defaultRamp;
            boolean log = logText != null && parseBoolean(logText);
            return ramp == 0 && !log ? ShadowSettings.OFF : new ShadowSettings(ramp, log);
        } catch (RuntimeException e) {
            String useCase = specs.get(index).getUseCase();
            log.warn("config:" + useCase + ":shadow", "Shadow validation of use case %s is off: its configuration "
                    + "cannot be read (%s)", useCase, e.getMessage());
            return ShadowSettings.OFF;
        }
    }

    private static boolean parseBoolean(String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("'" + text + "' is neither true nor false");
    }

    /**
     * {@code fallback-timeout} as the application set it: the property, else the annotation's; 0 when neither is set
     * (the caller uses the 60s default, which bounds followers only). A value that cannot be read keeps the
     * annotation's (the build checked it): a deadline bounds waits, so there is no "off" to fall back to.
     */
    private long fallbackTimeout(Config config, int index, String annotation) {
        String text = property(config, index, "fallback-timeout");
        if (text != null) {
            try {
                return positiveNanos(text);
            } catch (RuntimeException e) {
                String useCase = specs.get(index).getUseCase();
                log.warn("config:" + useCase + ":fallback-timeout", "The fallback-timeout of use case %s cannot be read "
                        + "(%s); the annotation's or the default (60s) is used", useCase, e.getMessage());
            }
        }
        try {
            return annotation == null || annotation.isBlank() ? 0 : positiveNanos(annotation);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * A use case's switch: the property, else the annotation's {@code annotation}. A value that is neither
     * {@code true} nor {@code false} gives {@code unreadable} (request-local: off, the cautious state; coalesce: the
     * annotation's).
     */
    private boolean flag(Config config, int index, String suffix, boolean annotation, boolean unreadable) {
        String text = property(config, index, suffix);
        if (text == null) {
            return annotation;
        }
        String v = text.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        String useCase = specs.get(index).getUseCase();
        log.warn("config:" + useCase + ":" + suffix, "The %s of use case %s is '%s', neither true nor false; %s is "
                + "used", suffix, useCase, text, unreadable);
        return unreadable;
    }

    static long positiveNanos(String text) {
        Duration d = Durations.parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("a fallback-timeout must be longer than 0");
        }
        return d.toNanos();
    }

    private String property(Config config, int index, String suffix) {
        for (String prefix : propertyNames[index]) {
            String v = config.getConfigValue(prefix + suffix).getValue();
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * {@code quarkus.gcache.use-case."X".local.max-size} (quoted or not), else {@code global}. Read once, when the
     * engine is created. A value that cannot be read keeps {@code global}: from the static configuration it already
     * failed the start ({@link StartupChecks}); from a dynamic source it must not.
     */
    public static long localMaxSize(Config config, String useCase, long global) {
        for (String name : List.of(PREFIX + "use-case.\"" + useCase + "\".local.max-size",
                PREFIX + "use-case." + useCase + ".local.max-size")) {
            String text = config.getConfigValue(name).getValue();
            if (text != null && !text.isBlank()) {
                try {
                    long size = Long.parseLong(text.trim());
                    if (size >= 0) {
                        return size;
                    }
                } catch (NumberFormatException e) {
                    // below
                }
                LOG.warnf("%s='%s' is not a whole number of entries, 0 or more; use case %s keeps at most %d LOCAL "
                        + "entries (quarkus.gcache.local.max-size)", name, text, useCase, global);
                return global;
            }
        }
        return global;
    }

    /**
     * Whether the use case uses REQUEST_LOCAL with the configuration at start ({@code request-local.enabled}, else
     * the annotation's), for the metrics registered at start-up.
     */
    public static boolean requestLocalAtStart(Config config, UseCaseSpec spec) {
        for (String name : List.of(PREFIX + "use-case.\"" + spec.getUseCase() + "\".request-local.enabled",
                PREFIX + "use-case." + spec.getUseCase() + ".request-local.enabled")) {
            String text = config.getConfigValue(name).getValue();
            if (text != null && !text.isBlank()) {
                return text.trim().equalsIgnoreCase("true");
            }
        }
        return spec.isRequestLocal();
    }

    /**
     * {@code quarkus.gcache.request-local.max-size}, read once when the engine is created; a value that cannot be
     * read keeps the default (from the static configuration it already failed the start).
     */
    public static int requestLocalMaxSize(Config config) {
        String text = config.getConfigValue(PREFIX + "request-local.max-size").getValue();
        if (text != null && !text.isBlank()) {
            try {
                return Math.max(0, Integer.parseInt(text.trim()));
            } catch (NumberFormatException e) {
                LOG.warnf("quarkus.gcache.request-local.max-size='%s' is not a whole number; a scope keeps at most %d "
                        + "entries", text, DEFAULT_REQUEST_LOCAL_MAX_SIZE);
            }
        }
        return DEFAULT_REQUEST_LOCAL_MAX_SIZE;
    }

    static int parseRamp(String text) {
        int ramp;
        try {
            ramp = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ramp '" + text + "' is not a whole number from 0 to 100");
        }
        if (ramp < 0 || ramp > 100) {
            throw new IllegalArgumentException("ramp " + ramp + " is not between 0 and 100");
        }
        return ramp;
    }
}
