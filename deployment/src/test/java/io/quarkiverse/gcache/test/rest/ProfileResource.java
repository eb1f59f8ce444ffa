package io.quarkiverse.gcache.test.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkiverse.gcache.GCacheEnabled;

/** {@code GET /profiles/{id}}: the cached method, inside an enabled scope. */
@Path("/profiles")
@GCacheEnabled
public class ProfileResource {

    @Inject
    Profiles profiles;

    @GET
    @Path("/{id}")
    public String profile(@PathParam("id") String id) {
        return profiles.profile(id);
    }
}
