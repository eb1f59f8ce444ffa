package io.quarkiverse.gcache.test.runtime.entities;

public class Customer extends AuditedEntity {

    private final String name;

    public Customer(String tenant, String name) {
        super(tenant);
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
