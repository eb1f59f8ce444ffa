package io.quarkiverse.gcache.it.consistency;

import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the consistency store held for one entity when a fill read it: its version and value ({@code null} once
 * deleted, and before the first write, at version 0). This is the cached value.
 * <p>
 * Each instance also knows whether it was handed to a caller before: a fill (the method, or a REMOTE hit decoded
 * into a new instance) hands a new one out once; LOCAL, and a fill shared by concurrent callers, hand out the same
 * instance again. The history checker holds a first hand-out to the strict REMOTE rule, the others to the LOCAL bound.
 */
public final class EntitySnapshot {

    private final String id;
    private final long version;
    private final String value;
    @JsonIgnore
    private final transient AtomicBoolean handedOut = new AtomicBoolean();

    @JsonCreator
    public EntitySnapshot(@JsonProperty("id") String id, @JsonProperty("version") long version,
            @JsonProperty("value") String value) {
        this.id = id;
        this.version = version;
        this.value = value;
    }

    public String getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getValue() {
        return value;
    }

    /** True the first time only: this instance was made for the caller that asks first. */
    boolean firstHandOut() {
        return handedOut.compareAndSet(false, true);
    }
}
