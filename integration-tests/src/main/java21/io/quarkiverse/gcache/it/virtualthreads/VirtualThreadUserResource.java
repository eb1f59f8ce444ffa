package io.quarkiverse.gcache.it.virtualthreads;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.it.User;
import io.quarkiverse.gcache.it.UserService;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * The user read of {@code UserResource}, each request on a virtual thread of its own, inside {@code @GCacheEnabled}.
 * It answers with the user and what the thread it ran on saw, so tests can check both.
 * <p>
 * Java 21+ only (src/main/java21, compiled by the {@code java21} profile): Quarkus REST refuses to build a
 * {@code @RunOnVirtualThread} endpoint on a JDK without virtual threads, or when the application's classes target a
 * Java release below 19.
 */
@Path("/virtual-threads/users")
@Produces(MediaType.APPLICATION_JSON)
@GCacheEnabled
@RunOnVirtualThread
public class VirtualThreadUserResource {

    private final UserService users;
    private final GCache gcache;

    public VirtualThreadUserResource(UserService users, GCache gcache) {
        this.users = users;
        this.gcache = gcache;
    }

    /** The user, read through the cached {@code UserService.profile} on this request's virtual thread. */
    @GET
    @Path("/{id}")
    public VirtualThreadRead get(@PathParam("id") String id) {
        Thread thread = Thread.currentThread();
        boolean cacheEnabled = gcache.isEnabled();
        User user = users.profile(id);
        if (user == null) {
            throw new NotFoundException();
        }
        return new VirtualThreadRead(user, thread.threadId(), thread.isVirtual(), cacheEnabled);
    }

    /**
     * A read and where it ran.
     *
     * @param threadId the id of the thread the request ran on (a virtual thread serves one request, then ends)
     * @param virtual whether that thread is a virtual thread
     * @param cacheEnabled whether GCache was enabled there ({@code GCache.isEnabled()})
     */
    public record VirtualThreadRead(User user, long threadId, boolean virtual, boolean cacheEnabled) {
    }
}
