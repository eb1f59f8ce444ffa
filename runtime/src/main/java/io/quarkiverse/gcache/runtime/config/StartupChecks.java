package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;

/**
 * What GCache checks in the configuration when the application starts (SPEC §14): values of the static configuration
 * it cannot read fail the start, properties of use cases that do not exist are warned about with the nearest name, and
 * the use cases that no source gives a TTL (they cache nothing) are listed.
 */
public final class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    private static final String USE_CASE_PREFIX = SettingsReader.PREFIX + "use-case.";
    private static final String ENV_USE_CASE_PREFIX = "QUARKUS_GCACHE_USE_CASE_";
    /** A use case's properties, after its name. */
    private static final List<String> USE_CASE_PROPERTIES = List.of("local.ttl", "local.ramp", "local.max-size",
            "remote.ttl", "remote.ramp", "fallback-timeout", "stale-on-error.max-age", "stale-on-error.on",
            "request-local.enabled", "coalesce", "shadow.ramp", "shadow.log-mismatches");
    private static final String TTL_FIX = "write a duration such as 60s, 5m, 1h or PT1H, or 0 to turn the layer off";
    private static final String RAMP_FIX = "write a whole number from 0 (the layer is off) to 100 (every call uses it)";

    private StartupChecks() {
    }

    /**
     * Fails the start when a GCache value of the application's static configuration ({@link StaticConfigSources})
     * cannot be read, naming every such property and its fix. The value checked is the one the static sources give,
     * even where a dynamic source overrides it now: it is what applies once the override is gone. Dynamic sources are
     * not checked: a mistake there switches the layer off at run time ({@code config_error}) and the call runs.
     */
    public static void failOnUnreadableStaticValues(Config config, List<UseCaseSpec> specs) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        check(config, SettingsReader.PREFIX + "enabled", problems, names, StartupChecks::readSwitch,
                "write true or false");
        check(config, SettingsReader.PREFIX + "local.max-size", problems, names, StartupChecks::readSize,
                "write a whole number of entries, 0 or more");
        check(config, SettingsReader.PREFIX + "request-local.max-size", problems, names, StartupChecks::readSize,
                "write a whole number of entries per scope, 0 or more");
        for (UseCaseSpec spec : specs) {
            String name = spec.getUseCase();
            for (String useCase : List.of(USE_CASE_PREFIX + "\"" + name + "\".", USE_CASE_PREFIX + name + ".")) {
                check(config, useCase + "local.ttl", problems, names, Durations::parse, TTL_FIX);
                check(config, useCase + "remote.ttl", problems, names, Durations::parse, TTL_FIX);
                check(config, useCase + "local.ramp", problems, names, SettingsReader::parseRamp, RAMP_FIX);
                check(config, useCase + "remote.ramp", problems, names, SettingsReader::parseRamp, RAMP_FIX);
                check(config, useCase + "local.max-size", problems, names, StartupChecks::readSize,
                        "write a whole number of entries, 0 or more, or remove it to keep quarkus.gcache.local.max-size");
                check(config, useCase + "fallback-timeout", problems, names, SettingsReader::positiveNanos,
                        "write a duration longer than 0, such as 2s or 500ms, or remove it to keep the annotation's");
                check(config, useCase + "stale-on-error.max-age", problems, names, Durations::parse,
                        "write a duration longer than the use case's remote ttl, such as 10m, or 0 to turn it off");
                check(config, useCase + "request-local.enabled", problems, names, StartupChecks::readSwitch,
                        "write true or false, or remove it to keep the annotation's requestLocal");
                check(config, useCase + "coalesce", problems, names, StartupChecks::readSwitch,
                        "write true or false, or remove it to keep the annotation's coalesce");
                check(config, useCase + "shadow.ramp", problems, names, SettingsReader::parseRamp,
                        "write a whole number from 0 (no shadow validation) to 100 (every key is checked)");
                check(config, useCase + "shadow.log-mismatches", problems, names, StartupChecks::readSwitch,
                        "write true or false");
            }
            checkStaleOnErrorMaxAge(config, spec, problems, names);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("GCache cannot start: " + problems.size() + " value"
                    + (problems.size() == 1 ? "" : "s") + " of the application's configuration cannot be read:\n\t- "
                    + String.join("\n\t- ", problems), names);
        }
    }

    private static void check(Config config, String property, List<String> problems, Set<String> names,
            Consumer<String> read, String fix) {
        StaticValue found = staticValue(config, property);
        if (found == null || found.value().isBlank()) {
            return; // not set (blank counts as not set)
        }
        try {
            read.accept(found.value());
        } catch (RuntimeException e) {
            names.add(property);
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("; write")) {
                reason = reason.substring(0, reason.indexOf("; write")); // the fix below says it for every kind
            }
            problems.add(property + "=" + found.value() + " (" + found.source() + "): " + reason + "; " + fix);
        }
    }

    private record StaticValue(String value, String source) {
    }

    /**
     * A stale-on-error max-age must be longer than the REMOTE ttl, where both are static (SPEC §13): an entry is kept
     * in Redis for the max-age, so a shorter one would keep nothing to recover. Both from the annotation was a build
     * error; here at least one comes from the configuration. A value that cannot be read was reported above.
     */
    private static void checkStaleOnErrorMaxAge(Config config, UseCaseSpec spec, List<String> problems,
            Set<String> names) {
        String name = spec.getUseCase();
        StaticValue maxAge = firstStatic(config, name, "stale-on-error.max-age");
        StaticValue ttl = firstStatic(config, name, "remote.ttl");
        if (maxAge == null && ttl == null) {
            return;
        }
        String maxAgeText = maxAge != null ? maxAge.value() : spec.getStaleOnErrorMaxAge();
        String ttlText = ttl != null ? ttl.value() : spec.getRemoteTtl();
        if (maxAgeText.isBlank() || Durations.whyNot(maxAgeText) != null || Durations.whyNot(ttlText) != null) {
            return;
        }
        Duration maxAgeValue = Durations.parse(maxAgeText);
        Duration ttlValue = Durations.parse(ttlText);
        if (maxAgeValue.isZero() || ttlValue.isZero() || maxAgeValue.compareTo(ttlValue) > 0) {
            return;
        }
        String property = USE_CASE_PREFIX + "\"" + name + "\".stale-on-error.max-age";
        names.add(maxAge != null ? property : USE_CASE_PREFIX + "\"" + name + "\".remote.ttl");
        problems.add(property + "=" + maxAgeText + " (" + (maxAge != null ? maxAge.source() : "@GCached")
                + ") is not longer than the use case's REMOTE ttl " + ttlText + " (" + (ttl != null ? ttl.source()
                        : "@GCached") + "): entries are kept in Redis for the max-age, so nothing would be left to "
                + "recover; write a max-age longer than the remote ttl (or a shorter ttl), or 0 to turn stale on error "
                + "off");
    }

    /** The static value of a use case property, quoted name first, or {@code null}. */
    private static StaticValue firstStatic(Config config, String useCase, String suffix) {
        StaticValue quoted = staticValue(config, USE_CASE_PREFIX + "\"" + useCase + "\"." + suffix);
        StaticValue found = quoted != null ? quoted : staticValue(config, USE_CASE_PREFIX + useCase + "." + suffix);
        return found == null || found.value().isBlank() ? null : found;
    }

    /**
     * The value the static sources give {@code property} (an active profile's {@code %profile.} form first), or
     * {@code null}. An expression ({@code ${...}}) is expanded when that source is the one in force; otherwise it is
     * left to run time.
     */
    private static StaticValue staticValue(Config config, String property) {
        List<String> names = new ArrayList<>();
        for (String profile : config.unwrap(SmallRyeConfig.class).getProfiles()) {
            names.add("%" + profile + "." + property);
        }
        names.add(property);
        for (ConfigSource source : config.getConfigSources()) {
            if (!StaticConfigSources.isStatic(source)) {
                continue;
            }
            for (String name : names) {
                String raw = source.getValue(name);
                if (raw == null) {
                    continue;
                }
                if (!raw.contains("${")) {
                    return new StaticValue(raw, source.getName());
                }
                ConfigValue inForce = config.unwrap(SmallRyeConfig.class).getConfigValue(property);
                return source.getName().equals(inForce.getSourceName()) && inForce.getValue() != null
                        ? new StaticValue(inForce.getValue(), source.getName())
                        : null;
            }
        }
        return null;
    }

    private static void readSwitch(String text) {
        String v = text.trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("'" + text + "' is neither true nor false");
        }
    }

    private static void readSize(String text) {
        long size;
        try {
            size = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    /**
     * One WARN per {@code quarkus.gcache.use-case."<name>".*} property, in any config source, whose name matches no
     * use case of the application, naming the nearest use case: such a property is ignored, and is most often a typo.
     */
    public static void warnAboutUnknownUseCases(Config config, List<UseCaseSpec> specs) {
        unknownUseCaseWarnings(config, specs).forEach(LOG::warn);
    }

    /** The warnings of {@link #warnAboutUnknownUseCases}, one per property. */
    static List<String> unknownUseCaseWarnings(Config config, List<UseCaseSpec> specs) {
        Set<String> declared = new LinkedHashSet<>();
        Map<String, String> byEnvName = new LinkedHashMap<>();
        for (UseCaseSpec spec : specs) {
            declared.add(spec.getUseCase());
            byEnvName.put(envName(spec.getUseCase()), spec.getUseCase());
        }
        Map<String, String> unknown = new LinkedHashMap<>(); // property → the use case name it gives
        for (ConfigSource source : config.getConfigSources()) {
            for (String property : source.getPropertyNames()) {
                String name = property.startsWith("%") && property.indexOf('.') > 0
                        ? property.substring(property.indexOf('.') + 1)
                        : property;
                if (name.startsWith(USE_CASE_PREFIX)) {
                    String useCase = useCaseOf(name.substring(USE_CASE_PREFIX.length()));
                    if (!declared.contains(useCase)) {
                        unknown.putIfAbsent(property, useCase);
                    }
                } else if (source instanceof EnvConfigSource && name.startsWith(ENV_USE_CASE_PREFIX)) {
                    String useCase = envUseCaseOf(name.substring(ENV_USE_CASE_PREFIX.length()));
                    if (!byEnvName.containsKey(useCase)) {
                        unknown.putIfAbsent(property, useCase);
                    }
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        unknown.forEach((property, useCase) -> {
            boolean env = !property.contains(".");
            String nearest = nearest(useCase, env ? byEnvName.keySet() : declared);
            warnings.add(nearest == null
                    ? String.format("GCache ignores %s: it names the use case %s, and the application declares none",
                            property, useCase)
                    : String.format("GCache ignores %s: it names the use case %s, which does not exist; did you mean "
                            + "\"%s\"?", property, useCase, env ? byEnvName.get(nearest) : nearest));
        });
        return warnings;
    }

    /** The use case in {@code "Name".local.ttl} or {@code Name.local.ttl} (whose name may hold dots). */
    private static String useCaseOf(String rest) {
        if (rest.startsWith("\"")) {
            int end = rest.indexOf('"', 1);
            return end < 0 ? rest.substring(1) : rest.substring(1, end);
        }
        for (String property : USE_CASE_PROPERTIES) {
            if (rest.endsWith("." + property)) {
                return rest.substring(0, rest.length() - property.length() - 1);
            }
        }
        for (String layer : List.of(".local.", ".remote.", ".fallback-timeout", ".stale-on-error.", ".request-local.",
                ".coalesce", ".shadow.")) {
            int at = rest.indexOf(layer);
            if (at > 0) {
                return rest.substring(0, at);
            }
        }
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * The use case's part of an environment variable, after {@code QUARKUS_GCACHE_USE_CASE_}: {@code _GETUSER__LOCAL_TTL}
     * (from the quoted name) or {@code GETUSER_LOCAL_TTL}.
     */
    private static String envUseCaseOf(String rest) {
        boolean quoted = rest.startsWith("_");
        String r = quoted ? rest.substring(1) : rest;
        for (String property : USE_CASE_PROPERTIES) {
            String suffix = (quoted ? "__" : "_") + envName(property);
            if (r.endsWith(suffix)) {
                return r.substring(0, r.length() - suffix.length());
            }
        }
        int at = r.indexOf(quoted ? "__" : "_");
        return at < 0 ? r : r.substring(0, at);
    }

    /** A name as SmallRye writes it in an environment variable: upper case, every other character {@code _}. */
    private static String envName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    /** The candidate with the smallest edit distance to {@code name} (case ignored), or {@code null} if none. */
    static String nearest(String name, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein's: the fewest insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /**
     * One INFO line listing the use cases that have no TTL in either layer after the annotation and every config
     * source, and request-local off: they cache nothing. A layer whose configuration could not be read is not counted: it was warned about.
     */
    public static void logUseCasesWithoutTtl(Settings settings, List<UseCaseSpec> specs, boolean provider) {
        List<String> none = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            UseCaseSettings s = settings.useCase(i);
            if (noTtl(s.local()) && noTtl(s.remote()) && !s.requestLocal()) { // request-local has no TTL
                none.add(specs.get(i).getUseCase());
            }
        }
        if (!none.isEmpty()) {
            LOG.infof("GCache use cases with no TTL in any layer cache nothing%s: %s. Give one in @GCached(local|remote "
                    + "= @GCached.Layer(ttl = ...)) or quarkus.gcache.use-case.\"<name>\".local|remote.ttl",
                    provider ? " unless the GCacheConfigProvider gives one" : "", String.join(", ", none));
        }
    }

    private static boolean noTtl(LayerSettings layer) {
        return layer.ttlNanos() == 0 && !layer.configError();
    }
}
