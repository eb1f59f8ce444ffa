package io.quarkiverse.gcache.it;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.smallrye.mutiny.Uni;

/**
 * The example's REST API. Reads run inside {@code @GCacheEnabled}, so they are served from the cache; the write
 * path turns caching off and invalidates the user afterwards.
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@GCacheEnabled
public class UserResource {

    private final UserService users;
    private final UserStore store;

    public UserResource(UserService users, UserStore store) {
        this.users = users;
        this.store = store;
    }

    @GET
    @Path("/{id}")
    public User get(@PathParam("id") String id) {
        return found(users.profile(id));
    }

    /** Reactive: the cached {@code Uni} is subscribed after this method returned, on another thread. */
    @GET
    @Path("/{id}/uni")
    public Uni<User> getUni(@PathParam("id") String id) {
        return users.profileUni(id).map(UserResource::found);
    }

    /** Reactive, and the cached method is only called later, in a callback on another thread. */
    @GET
    @Path("/{id}/later")
    public Uni<User> getLater(@PathParam("id") String id) {
        return Uni.createFrom().item(id)
                .onItem().delayIt().by(Duration.ofMillis(5))
                .chain(users::profileUni)
                .map(UserResource::found);
    }

    @GET
    @Path("/{id}/stage")
    public Uni<User> getStage(@PathParam("id") String id) {
        return Uni.createFrom().completionStage(() -> users.profileStage(id)).map(UserResource::found);
    }

    /** Users by name prefix, a page at a time; the request id is logged by the service, not part of the key. */
    @GET
    public List<User> search(@QueryParam("prefix") @DefaultValue("") String prefix,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("10") int size,
            @HeaderParam("X-Request-Id") @DefaultValue("-") String requestId) {
        return users.search(prefix, page, size, requestId);
    }

    /**
     * The write path: changes the fields given, keeps the others. Caching is off inside, so the current user is
     * read from the store, never from a cache entry that may be stale; once written (the method returned), the
     * user's cached entries go, in every process. An unknown user (404) writes nothing and invalidates nothing.
     */
    @PUT
    @Path("/{id}")
    @GCacheEnabled(false)
    @GCacheInvalidate(keyType = "user_id", idArg = "id")
    public User put(@PathParam("id") String id, User changes) {
        User current = found(users.profile(id));
        User written = new User(id, changes.name() != null ? changes.name() : current.name(),
                changes.email() != null ? changes.email() : current.email());
        store.write(written);
        return written;
    }

    private static User found(User user) {
        if (user == null) {
            throw new NotFoundException();
        }
        return user;
    }
}
