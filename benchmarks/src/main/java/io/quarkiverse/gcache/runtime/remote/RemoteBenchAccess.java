package io.quarkiverse.gcache.runtime.remote;

/** The benchmarks' window on REMOTE's read script (same package, same class path), to send it raw. */
public final class RemoteBenchAccess {

    private RemoteBenchAccess() {
    }

    /** The SHA of the script a REMOTE read runs (GET entry, GET watermark, TIME). */
    public static String readScriptSha() {
        return Scripts.sha1(RedisGateway.READ_SCRIPT);
    }
}
