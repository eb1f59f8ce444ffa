package io.quarkiverse.gcache.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.LocalKey;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.tier.LocalTier;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * One declared use case at run time: its spec, how to build its keys, its LOCAL tier and the flights running
 * for it. Built once at start-up from the build's {@link UseCaseSpec}.
 */
public final class UseCase {

    final int index;
    final UseCaseSpec spec;
    final KeyPart id;
    final KeyPart[] args;
    final String[] argNames;
    /** A {@code GCacheHandle}'s use case: the id is the first parameter, the arguments come by name in the second. */
    final boolean programmatic;
    final LocalTier local;
    /** The flights running in this process, one per key: concurrent misses follow it instead of running the method. */
    final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
    /**
     * Moves on every invalidation that can reach this use case's entries (shared by the tracked use cases of a key
     * type); a fill that sees it move while the method ran does not keep its result in LOCAL.
     */
    final AtomicLong generation;

    UseCase(int index, UseCaseSpec spec, KeyPart id, KeyPart[] args, LocalTier local, AtomicLong generation) {
        this.index = index;
        this.spec = spec;
        this.id = id;
        this.args = args;
        this.local = local;
        this.generation = generation;
        this.programmatic = spec.isProgrammatic();
        this.argNames = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            argNames[i] = args[i].name;
        }
    }

    /** The names of the key arguments, in the order of the URN and of {@link #argumentStrings}. */
    public String[] argumentNames() {
        return argNames.clone();
    }

    /** The use case's position among all, for arrays indexed by use case. */
    public int index() {
        return index;
    }

    public String name() {
        return spec.getUseCase();
    }

    public String keyType() {
        return spec.getKeyType();
    }

    public boolean tracked() {
        return spec.isTracked();
    }

    public ReturnKind returnKind() {
        return spec.getReturnKind();
    }

    public UseCaseSpec spec() {
        return spec;
    }

    public LocalTier local() {
        return local;
    }

    /**
     * The LOCAL key of a call with {@code params} (the method's arguments, in order): the id string alone, or a
     * {@link LocalKey} with the arguments. It is the very code a call runs, so it is the supported way for tools (the
     * benchmarks, diagnostics) to see the LOCAL key a call uses; its URN is {@link #urn(Object, Keyspace)} of it.
     * Throws a {@code RuntimeException} when no key can be built (a null or empty id, a failing adapter).
     */
    public Object localKey(Object[] params) {
        String idString = id.id(params);
        if (programmatic) {
            return NamedArguments.localKey(idString, params[1]);
        }
        if (args.length == 0) {
            return idString;
        }
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].argument(params);
        }
        return new LocalKey(idString, values);
    }

    /**
     * Forgets the running fills of the entity {@code id}, so that a call from now on runs its own fill instead of
     * waiting for one that read the state an invalidation has just made stale. Callers already waiting keep theirs.
     */
    void detachFlights(String id) {
        if (flights.isEmpty()) {
            return;
        }
        if (args.length == 0 && !programmatic) {
            flights.remove(id);
        } else {
            flights.keySet().removeIf(k -> idOf(k).equals(id));
        }
    }

    /** How many callers wait for the fill of {@code localKey} running now; -1 when none runs (for tests). */
    public int followersOf(Object localKey) {
        Flight flight = flights.get(localKey);
        return flight == null ? -1 : flight.getNumberOfDependents();
    }

    /** The id of a LOCAL key. */
    public static String idOf(Object localKey) {
        return localKey instanceof LocalKey k ? k.id() : (String) localKey;
    }

    /**
     * The arguments' key strings of a LOCAL key, in name order; {@code null} for a {@code null} argument (the URN
     * writes it as {@code %null}, which no string renders to). For a programmatic use case, the pairs name, key string.
     */
    String[] argumentStrings(Object localKey) {
        if (!(localKey instanceof LocalKey k)) {
            return new String[0];
        }
        if (programmatic) {
            return NamedArguments.pairs(localKey); // the names vary per call: they are part of what is compared
        }
        String[] strings = new String[k.args().length];
        for (int i = 0; i < strings.length; i++) {
            Object arg = k.args()[i];
            strings[i] = arg == null ? null : KeyStrings.render(arg);
        }
        return strings;
    }

    /**
     * The arguments' key strings named in {@code args} (argument name → key string, {@code null} for a null argument),
     * in the use case's argument order: what {@code GCache.delete} is given. For a programmatic use case, the pairs
     * name, key string, sorted by name.
     *
     * @throws IllegalArgumentException when an argument of the use case is not named
     */
    String[] argumentStrings(Map<String, String> args) {
        if (programmatic) {
            return NamedArguments.pairs(args);
        }
        String[] strings = new String[argNames.length];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = args.get(argNames[i]);
            if (strings[i] == null && !args.containsKey(argNames[i])) {
                throw new IllegalArgumentException("Use case " + name() + " is keyed by the arguments "
                        + Arrays.toString(argNames) + "; give each one's key string");
            }
        }
        return strings;
    }

    /** The arguments of a LOCAL key, name to key string ({@code null} for a null argument), in URN order. */
    Map<String, String> arguments(Object localKey) {
        if (programmatic) {
            return NamedArguments.asMap(localKey);
        }
        String[] values = argumentStrings(localKey);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(argNames[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The URN of a LOCAL key: built only where a string key is needed (REMOTE, logs, Dev UI). */
    public String urn(Object localKey, Keyspace keyspace) {
        return urn(idOf(localKey), argumentStrings(localKey), keyspace);
    }

    /** The URN of an entry named by its id string and its {@link #argumentStrings} (what {@code delete} is given). */
    public String urn(String idString, String[] argumentStrings, Keyspace keyspace) {
        if (programmatic) {
            return NamedArguments.urn(this, idString, argumentStrings, keyspace);
        }
        return keyspace.urn(keyType(), idString, argNames, argumentStrings, name(), tracked());
    }
}
