package io.quarkiverse.gcache.runtime.remote;

import org.jboss.logging.Logger;

/**
 * What Redis's refusal of GCache itself means to an operator: a wrong password or user ({@code WRONGPASS},
 * {@code NOAUTH}) or an ACL user without a command GCache needs ({@code NOPERM}). These do not pass by themselves the
 * way a timeout does, so the first contact at start says so once, as an error naming the setting to fix, instead of
 * "does not answer yet"; the calls still run their methods (fail open), and their own failures stay rate-limited.
 */
public final class RedisRefusal {

    private static final Logger LOG = Logger.getLogger("io.quarkiverse.gcache");

    private RedisRefusal() {
    }

    /** The error reply in {@code e}'s causes that refuses the client itself, or {@code null} for any other failure. */
    static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") || m.startsWith("NOPERM"))) {
                return m;
            }
        }
        return null;
    }

    /** Logs why the first contact with Redis ({@link RedisGateway#warmUp}) failed; nothing when {@code e} is null. */
    public static void logStart(Throwable e) {
        if (e == null) {
            return;
        }
        String refusal = of(e);
        if (refusal == null) {
            LOG.warn("Redis does not answer yet: GCache serves without REMOTE until it does");
        } else if (refusal.startsWith("NOPERM")) {
            LOG.errorf("Redis refused a command GCache needs (%s): give GCache's Redis user the ACL line of the guide "
                    + "(Consistency, Least privilege); meanwhile what needs it fails open: every call runs its method", refusal);
        } else {
            LOG.errorf("Redis refused GCache's authentication (%s): check the user and password of the Redis client "
                    + "(quarkus.redis.hosts, quarkus.redis.password); GCache serves without REMOTE meanwhile, every "
                    + "call runs its method", refusal);
        }
    }
}
