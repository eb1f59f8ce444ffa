package io.quarkiverse.gcache.test.runtime.entities;

public class Account extends BaseEntity<String> {

    public Account(String id) {
        super(id);
    }
}
