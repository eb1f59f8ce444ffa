package io.quarkiverse.gcache.test.runtime.entities;

/** Package-private: its public getters are reachable from other packages only through a public subclass. */
abstract class AuditedEntity {

    private final String tenant;

    AuditedEntity(String tenant) {
        this.tenant = tenant;
    }

    public String getTenant() {
        return tenant;
    }
}
