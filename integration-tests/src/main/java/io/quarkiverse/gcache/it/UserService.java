package io.quarkiverse.gcache.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCached;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reads users through GCache: the same store read, cached three ways (plain, Uni, CompletionStage). */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserStore store;

    public UserService(UserStore store) {
        this.store = store;
    }

    @GCached(keyType = "user_id", useCase = "GetUserProfile", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "10m"))
    public User profile(@GCacheId String id) {
        return store.read(id);
    }

    @GCached(keyType = "user_id", useCase = "GetUserProfileUni", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "10m"))
    public Uni<User> profileUni(@GCacheId String id) {
        // The read runs on a worker thread, as a reactive client's callback would.
        return Uni.createFrom().item(() -> store.read(id)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @GCached(keyType = "user_id", useCase = "GetUserProfileStage", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "10m"))
    public CompletionStage<User> profileStage(@GCacheId String id) {
        return CompletableFuture.supplyAsync(() -> store.read(id), Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Keyed by the prefix (the id) and by page and size (key arguments); the request id is only logged. No write
     * invalidates a name prefix, so this use case is not tracked: a renamed user shows up here within the TTL.
     */
    @GCached(keyType = "name_prefix", idArg = "prefix", trackForInvalidation = false,
            local = @GCached.Layer(ttl = "30s"), remote = @GCached.Layer(ttl = "5m"))
    public List<User> search(String prefix, int page, int size, @GCacheIgnore String requestId) {
        LOG.debugf("[%s] searching users by prefix %s, page %d, size %d", requestId, prefix, page, size);
        return store.search(prefix, page, size);
    }
}
