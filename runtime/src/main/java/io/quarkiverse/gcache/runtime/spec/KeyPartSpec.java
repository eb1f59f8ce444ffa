package io.quarkiverse.gcache.runtime.spec;

/**
 * How to get one part of a key (the id or one argument) from a call's parameters, as the build worked it out.
 * A bean so that the recorder can hand it from build time to run time.
 */
public class KeyPartSpec {

    private String name;
    private int position;
    private String path = "";
    private String readerClass;
    private String adapterClass;
    private boolean valueKey;

    public KeyPartSpec() {
    }

    /** The parameter's name; the argument's name in the key. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The parameter's position in the method's signature. */
    public int getPosition() {
        return position;
    }

    public void setPosition(int position) {
        this.position = position;
    }

    /** The property path into the parameter, or {@code ""}. */
    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    /** The generated {@code PropertyReader} that follows {@link #getPath()}, or {@code null} without a path. */
    public String getReaderClass() {
        return readerClass;
    }

    public void setReaderClass(String readerClass) {
        this.readerClass = readerClass;
    }

    /** The {@code GCacheKeyAdapter} class, or {@code null}. */
    public String getAdapterClass() {
        return adapterClass;
    }

    public void setAdapterClass(String adapterClass) {
        this.adapterClass = adapterClass;
    }

    /**
     * Whether the value's own {@code equals}/{@code hashCode} match its key string (strings, primitives, enums,
     * {@code UUID}, {@code java.time}), so the LOCAL key can hold the value and skip rendering it.
     */
    public boolean isValueKey() {
        return valueKey;
    }

    public void setValueKey(boolean valueKey) {
        this.valueKey = valueKey;
    }

    /** How the part is taken, for people: {@code user.id}, {@code filters (FiltersKey)}. */
    public String describe() {
        String s = path.isEmpty() ? name : name + "." + path;
        if (adapterClass != null) {
            s += " (" + adapterClass.substring(adapterClass.lastIndexOf('.') + 1) + ")";
        }
        return s;
    }
}
