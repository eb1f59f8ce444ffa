package io.quarkiverse.gcache.it;

/** A user of the example application. */
public record User(String id, String name, String email) {
}
