package io.quarkiverse.gcache.runtime.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lua scripts {@link RedisGateway} runs, and the SHA-1 by which Redis knows a script (EVALSHA). */
final class Scripts {

    /**
     * Writes an entry to expire at its creation time + TTL (Redis 6.2's {@code PXAT}). For a tracked use case (KEYS[2],
     * the watermark):
     * <ul>
     * <li>only if it was created after the watermark;</li>
     * <li>never to expire later than its creation time + {@code watermark-ttl}: a watermark set after the entry's
     * creation lives at least that long, so no entry outlives the watermark that makes it stale;</li>
     * <li>the watermark lives at least as long as the entry (SPEC §15): created when absent, its expiry moved out when
     * it would come first. A reader takes an entry whose watermark is missing for stale, so only eviction makes a
     * tracked entry unreadable, never lets one be served that an evicted watermark had made stale.</li>
     * </ul>
     * A watermark this script creates is the entry's creation time - 1, not 0: entries of the entity older than it
     * may have been invalidated by a watermark that Redis evicted, and a 0 would make them fresh again; the entry
     * written now is after it, and so is any fill that reads from now on (a reader that finds {@code 0} or this
     * value treats the entries after it alike, the Python GCache included). It is created by SETRANGE, a command no
     * invalidation uses, so that its keyspace notification is told from an invalidation's SET ({@link KeyspaceEvents}):
     * it invalidates nothing, and a SET would drop the entity's LOCAL entries everywhere, this fill's own included. ARGV: the entry, its creation time, its
     * TTL, the watermark TTL (all milliseconds). Answers 1 when written, 0 when not.
     */
    static final String WRITE = """
            local created = tonumber(ARGV[2])
            local at = created + tonumber(ARGV[3])
            if #KEYS > 1 then
              local cap = created + tonumber(ARGV[4])
              if at > cap then at = cap end
              local raw = redis.call('GET', KEYS[2])
              if not raw then
                redis.call('SETRANGE', KEYS[2], 0, string.format('%.0f', created - 1))
                redis.call('PEXPIREAT', KEYS[2], string.format('%.0f', at))
              else
                local w = tonumber(raw)
                if w and w >= created then return 0 end
                local left = redis.call('PTTL', KEYS[2])
                if left >= 0 then
                  local t = redis.call('TIME')
                  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
                  if now + left < at then redis.call('PEXPIREAT', KEYS[2], string.format('%.0f', at)) end
                end
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PXAT', string.format('%.0f', at))
            return 1""";

    private Scripts() {
    }

    static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
