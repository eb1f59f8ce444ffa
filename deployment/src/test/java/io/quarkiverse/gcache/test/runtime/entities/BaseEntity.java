package io.quarkiverse.gcache.test.runtime.entities;

/** The common base entity of JPA applications: the id's type is the subclass's choice. */
public abstract class BaseEntity<ID> {

    private ID id;

    protected BaseEntity(ID id) {
        this.id = id;
    }

    public ID getId() {
        return id;
    }
}
