package io.quarkiverse.gcache.bench;

/** The value every benchmarked method returns. */
public record User(String id, String name, String email) {
}
