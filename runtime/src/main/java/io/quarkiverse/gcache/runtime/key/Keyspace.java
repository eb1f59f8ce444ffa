package io.quarkiverse.gcache.runtime.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The Redis key layout of SPEC §3, §5 and §6, and the only place that builds or parses a Redis key, channel or pattern.
 * With the prefix {@code urn:gcache}:
 *
 * <pre>
 * entry, tracked use case    {urn:gcache:user_id:12345}?page=2&amp;sort=created#GetUserPosts
 * entry, untracked           urn:gcache:user_id:12345?page=2#GetUserPosts
 * entry, key over max length {urn:gcache:user_id:12345}?sha256=&lt;hex of "page=2&amp;sort=created"&gt;#GetUserPosts
 * watermark of an entity     {urn:gcache:user_id:12345}#watermark
 * invalidation channel       urn:gcache:invalidations      (pub/sub, messages "&lt;key_type&gt;:&lt;id&gt;")
 * config hash                urn:gcache:config             (fields are property names)
 * flush patterns (SCAN)      {urn:gcache:*  and  urn:gcache:*  (the config hash is kept)
 * </pre>
 *
 * The hash tag puts a tracked entity's entries and its watermark on one cluster slot; the layout is the Python
 * GCache's, so both invalidate each other's entries on one Redis. Ids and argument values are escaped so that none
 * can forge another entry's key: {@code %}, {@code #}, {@code {}, {@code }}, white space and control characters are
 * percent-encoded (UTF-8, upper-case hex), and so is {@code ?} in the id and {@code &} in an argument value.
 * <p>
 * Only the miss path, REMOTE, logs and the Dev UI need a URN; a LOCAL hit never builds one.
 */
public final class Keyspace {

    /** The use case name a watermark key ends with, so no use case may have it (a build error). */
    public static final String WATERMARK = "watermark";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    /** How a watermark key ends, and how a tracked key of this prefix begins (asked per key by a flush). */
    private static final String WATERMARK_SUFFIX = "}#" + WATERMARK;
    private final String entityOpening;
    private final String prefix;
    private final int maxKeyLength;

    /**
     * @param prefix {@code quarkus.gcache.key-prefix}
     * @param maxKeyLength {@code quarkus.gcache.max-key-length}, in UTF-8 bytes
     */
    public Keyspace(String prefix, int maxKeyLength) {
        this.prefix = prefix;
        this.entityOpening = "{" + prefix + ":";
        this.maxKeyLength = maxKeyLength;
    }

    public String prefix() {
        return prefix;
    }

    public int maxKeyLength() {
        return maxKeyLength;
    }

    // ---- building ------------------------------------------------------------------------------------------

    /**
     * An entry's key.
     *
     * @param id the id's key string (not yet escaped)
     * @param argNames the key arguments' names, sorted
     * @param argValues their key strings (not yet escaped), in the same order; {@code null} for a {@code null}
     *        argument, which stands as {@code %null}: escaping never produces it, so it is not the string "null"
     *        nor the string "%null" (SPEC §15)
     */
    public String urn(String keyType, String id, String[] argNames, String[] argValues, String useCase,
            boolean tracked) {
        StringBuilder sb = new StringBuilder(prefix.length() + keyType.length() + id.length() + useCase.length() + 16
                + 16 * argNames.length);
        appendEntity(sb, keyType, id, tracked);
        int entityEnd = sb.length();
        if (argNames.length > 0) {
            sb.append('?');
            for (int i = 0; i < argNames.length; i++) {
                if (i > 0) {
                    sb.append('&');
                }
                sb.append(argNames[i]).append('=');
                if (argValues[i] == null) {
                    sb.append(KeyStrings.NULL);
                } else {
                    escape(sb, argValues[i], false);
                }
            }
        }
        int argsEnd = sb.length();
        sb.append('#').append(useCase);
        if (argNames.length > 0 && utf8Length(sb) > maxKeyLength) {
            // Keep what identifies the entity and the use case readable; only the argument part is hashed.
            String canonicalArgs = sb.substring(entityEnd + 1, argsEnd);
            sb.setLength(entityEnd);
            sb.append("?sha256=").append(sha256Hex(canonicalArgs)).append('#').append(useCase);
        }
        return sb.toString();
    }

    /** The key of the entity's watermark: {@code {<prefix>:<key_type>:<id>}#watermark}; {@code id} not escaped. */
    public String watermarkKey(String keyType, String id) {
        StringBuilder sb = new StringBuilder(prefix.length() + keyType.length() + id.length() + 14);
        appendEntity(sb, keyType, id, true);
        return sb.append('#').append(WATERMARK).toString();
    }

    /** The watermark key of a stored entry's entity (from the id as it stands in the key, so it is the same key). */
    public String watermarkKey(StoredKey key) {
        return "{" + prefix + ":" + key.keyType() + ":" + key.escapedId() + "}#" + WATERMARK;
    }

    /** Whether {@code key} is an entity's watermark key ({@code {<prefix>:<keyType>:<id>}#watermark}). */
    public boolean isWatermarkKey(String key) {
        return key.endsWith(WATERMARK_SUFFIX) && key.startsWith(entityOpening);
    }

    /** The pub/sub channel that carries invalidations between processes. */
    public String channel() {
        return prefix + ":invalidations";
    }

    /** The hash the Redis config source reads ({@code <prefix>:config}); a flush keeps it. */
    public String configKey() {
        return prefix + ":config";
    }

    /** The SCAN patterns of every key under the prefix: tracked ones (hash tag first), then the others. */
    public List<String> flushPatterns() {
        String p = glob(prefix);
        return List.of("{" + p + ":*", p + ":*");
    }

    /**
     * The SCAN pattern of the entries of a filter: {@code null} for "any". It only narrows the SCAN; a caller still
     * checks each key it gets (by {@link #parse}), since a pattern cannot say "no further {@code :}".
     *
     * @param id the id as the method saw it (it is escaped here as in a key)
     * @param tracked whether to match the tracked entries (in a hash tag) or the others
     */
    public String scanPattern(String keyType, String id, boolean tracked) {
        String p = glob(prefix);
        String type = keyType == null ? "*" : glob(keyType);
        if (tracked) {
            return "{" + p + ":" + type + ":" + (id == null ? "*" : glob(escapeId(id))) + "}*";
        }
        return id == null ? p + ":" + type + ":*" : p + ":" + type + ":" + glob(escapeId(id)) + "[?#]*";
    }

    /** {@code s} as a literal in a Redis glob: each character a glob gives a meaning to is escaped. */
    static String glob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\^])", "\\\\$1");
    }

    private void appendEntity(StringBuilder sb, String keyType, String id, boolean hashTag) {
        if (hashTag) {
            sb.append('{');
        }
        sb.append(prefix).append(':').append(keyType).append(':');
        escape(sb, id, true);
        if (hashTag) {
            sb.append('}');
        }
    }

    // ---- parsing -------------------------------------------------------------------------------------------

    /**
     * A key read back into its parts: {@code {<prefix>:<key_type>:<id>}?<args>#<use_case>} for tracked use cases, the
     * same without braces for the others, and {@code {<prefix>:<key_type>:<id>}#watermark}; {@code null} when it is
     * none of them under this prefix.
     */
    public StoredKey parse(String key) {
        boolean tracked = key.startsWith("{" + prefix + ":");
        String entity;
        String rest;
        if (tracked) {
            int close = key.indexOf('}');
            if (close < 0) {
                return null;
            }
            entity = key.substring(prefix.length() + 2, close);
            rest = key.substring(close + 1);
        } else if (key.startsWith(prefix + ":")) {
            int end = key.length();
            for (int i = prefix.length() + 1; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            entity = key.substring(prefix.length() + 1, end);
            rest = key.substring(end);
        } else {
            return null;
        }
        int colon = entity.indexOf(':');
        int hash = rest.lastIndexOf('#');
        if (colon <= 0 || hash < 0 || hash == rest.length() - 1) {
            return null;
        }
        String keyType = entity.substring(0, colon);
        String escapedId = entity.substring(colon + 1);
        String useCase = rest.substring(hash + 1);
        boolean watermark = tracked && hash == 0 && useCase.equals(WATERMARK);
        return new StoredKey(key, keyType, escapedId, unescape(escapedId), useCase, tracked, watermark);
    }

    // ---- escaping ------------------------------------------------------------------------------------------

    /** The escaped form of an id, as it stands in a key. */
    public static String escapeId(String id) {
        StringBuilder sb = new StringBuilder(id.length() + 8);
        escape(sb, id, true);
        return sb.toString();
    }

    /** Decodes the percent-escapes of a key part (UTF-8, either case of hex). */
    public static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private static void escape(StringBuilder sb, String s, boolean isId) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(++i)); // a valid pair: one code point, kept as it is
                } else {
                    // A lone surrogate has no UTF-8 form: the encoder would write '?', so U+D800, U+DC00 and "?"
                    // would share a key. It is escaped as the three bytes of its code unit (its CESU-8/WTF-8 form,
                    // %ED%A0%80 to %ED%BF%BF), which no escaped character produces: those are all valid code points.
                    percentEncodeCodeUnit(sb, c);
                }
            } else if (mustEscape(c, isId)) {
                percentEncode(sb, c);
            } else {
                sb.append(c);
            }
        }
    }

    private static void percentEncodeCodeUnit(StringBuilder sb, char c) {
        appendByte(sb, 0xE0 | (c >> 12));
        appendByte(sb, 0x80 | ((c >> 6) & 0x3F));
        appendByte(sb, 0x80 | (c & 0x3F));
    }

    private static void appendByte(StringBuilder sb, int b) {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    private static boolean mustEscape(char c, boolean isId) {
        switch (c) {
            case '%':
            case '#':
            case '{':
            case '}':
                return true;
            case '?':
                return isId;
            case '&':
                return !isId;
            default:
                return c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c);
        }
    }

    private static void percentEncode(StringBuilder sb, char c) {
        // The characters escaped are all in the BMP and never surrogates, so one char is one code point.
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            appendByte(sb, b);
        }
    }

    private static int utf8Length(CharSequence s) {
        int bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                out[2 * i] = LOWER_HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = LOWER_HEX[digest[i] & 0xF];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
