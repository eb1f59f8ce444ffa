package io.quarkiverse.gcache.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The same read outside any enable scope: GCache stays out of the way and every call reaches the store. */
@Path("/uncached/users")
@Produces(MediaType.APPLICATION_JSON)
public class UncachedResource {

    private final UserService users;

    public UncachedResource(UserService users) {
        this.users = users;
    }

    @GET
    @Path("/{id}")
    public User get(@PathParam("id") String id) {
        return users.profile(id);
    }
}
