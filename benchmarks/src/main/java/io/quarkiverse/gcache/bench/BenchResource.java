package io.quarkiverse.gcache.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.gcache.GCacheEnabled;

/** The HTTP figure's endpoints (wrk): the same read cached by GCache, uncached, and cached by {@code @CacheResult}. */
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    private final GCachedService gcached;
    private final QuarkusCacheService quarkusCache;

    public BenchResource(GCachedService gcached, QuarkusCacheService quarkusCache) {
        this.gcached = gcached;
        this.quarkusCache = quarkusCache;
    }

    /** A {@code @GCached} LOCAL hit inside an enable scope. */
    @GET
    @Path("/gcached/{id}")
    @GCacheEnabled
    public User gcached(@PathParam("id") String id) {
        return gcached.profile(id);
    }

    /** The same method outside any enable scope: GCache stays out of the way. */
    @GET
    @Path("/uncached/{id}")
    public User uncached(@PathParam("id") String id) {
        return gcached.profile(id);
    }

    /** The same read behind Quarkus's {@code @CacheResult}. */
    @GET
    @Path("/cacheresult/{id}")
    public User cacheResult(@PathParam("id") String id) {
        return quarkusCache.profile(id);
    }
}
