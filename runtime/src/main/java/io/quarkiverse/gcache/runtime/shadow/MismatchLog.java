package io.quarkiverse.gcache.runtime.shadow;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code shadow.log-mismatches}: one WARN per confirmed mismatch, with the entry's key and both values as JSON, each
 * cut at 8 KiB so that one large value cannot flood the log.
 */
final class MismatchLog {

    private static final Logger LOG = Logger.getLogger(MismatchLog.class);
    static final int MAX_BYTES = 8 * 1024;

    private final ObjectMapper mapper;

    MismatchLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void mismatch(String useCase, String urn, double ageSeconds, Object cached, Object current) {
        LOG.warnf("Shadow validation of use case %s: the REMOTE entry %s (%.1fs old) is stale. cached=%s current=%s",
                useCase, urn, ageSeconds, json(cached), json(current));
    }

    private String json(Object value) {
        String text;
        try {
            text = mapper.writeValueAsString(value);
        } catch (Exception | LinkageError e) {
            text = String.valueOf(value);
        }
        return cut(text);
    }

    /** The text, cut to at most {@link #MAX_BYTES} bytes of UTF-8, saying how long it was. */
    static String cut(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return text;
        }
        String head = new String(bytes, 0, MAX_BYTES, StandardCharsets.UTF_8);
        if (head.endsWith("\uFFFD")) { // a character cut in two
            head = head.substring(0, head.length() - 1);
        }
        return head + "...(" + bytes.length + " bytes)";
    }
}
