package io.quarkiverse.gcache.it;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.gcache.GCache;

/** Lets tests (and curious users) see how many reads reached the store, and start over. */
@Path("/store")
public class StoreResource {

    private final UserStore store;
    private final GCache gcache;

    public StoreResource(UserStore store, GCache gcache) {
        this.store = store;
        this.gcache = gcache;
    }

    @GET
    @Path("/reads")
    @Produces(MediaType.TEXT_PLAIN)
    public int reads() {
        return store.reads();
    }

    /** Seeds the store again, zeroes its read count and flushes the cache. */
    @DELETE
    public void reset() {
        store.reset();
        gcache.flush();
    }
}
