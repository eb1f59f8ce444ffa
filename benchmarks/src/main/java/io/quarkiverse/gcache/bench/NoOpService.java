package io.quarkiverse.gcache.bench;

import jakarta.enterprise.context.ApplicationScoped;

/** The same method behind a no-op interceptor. */
@ApplicationScoped
public class NoOpService {

    @NoOp
    public User profile(String id) {
        return Dataset.lookup(id);
    }
}
