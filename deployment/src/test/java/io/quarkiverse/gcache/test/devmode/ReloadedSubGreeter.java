package io.quarkiverse.gcache.test.devmode;

import jakarta.enterprise.context.ApplicationScoped;

/** Inherits the cached greet; the dev-mode test edits it. */
@ApplicationScoped
public class ReloadedSubGreeter extends ReloadedBaseGreeter {
    // OVERRIDE
}
