package io.quarkiverse.gcache.test.invalidate;

/** A parameter whose properties name the entities a write invalidates. */
public class Member {

    private final String id;
    private final Org org;

    public Member(String id, Org org) {
        this.id = id;
        this.org = org;
    }

    public String getId() {
        return id;
    }

    public Org getOrg() {
        return org;
    }

    /** A getter that fails, as a lazy-loading entity's may. */
    public String getBroken() {
        throw new UnsupportedOperationException("not loaded");
    }

    public record Org(String id) {
    }
}
