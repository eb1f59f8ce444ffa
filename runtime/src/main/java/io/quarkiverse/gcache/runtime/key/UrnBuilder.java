package io.quarkiverse.gcache.runtime.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Builds the readable keys of SPEC §3: {@code <prefix>:<key_type>:<id>[?<arg>=<value>&...]#<use_case>}, with the
 * entity part wrapped in a Redis hash tag for use cases tracked for invalidation. This is the Python GCache's
 * layout, plus escaping so that no id or argument can forge another entry's key.
 * <p>
 * Only the miss path, REMOTE, logs and the Dev UI need a URN; a LOCAL hit never builds one.
 */
public final class UrnBuilder {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    private UrnBuilder() {
    }

    /**
     * The entry's key.
     *
     * @param argNames the key arguments' names, sorted
     * @param argValues their key strings (not yet escaped), in the same order; {@code null} for a {@code null}
     *        argument, which stands as {@code %null}: escaping never produces it, so it is not the string "null"
     *        nor the string "%null" (SPEC §15)
     */
    public static String urn(String prefix, String keyType, String id, String[] argNames, String[] argValues,
            String useCase, boolean tracked, int maxKeyLength) {
        StringBuilder sb = new StringBuilder(prefix.length() + keyType.length() + id.length() + useCase.length() + 16
                + 16 * argNames.length);
        appendEntity(sb, prefix, keyType, id, tracked);
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

    /** The key of the entity's watermark: {@code {<prefix>:<key_type>:<id>}#watermark}. */
    public static String watermarkKey(String prefix, String keyType, String id) {
        StringBuilder sb = new StringBuilder(prefix.length() + keyType.length() + id.length() + 14);
        appendEntity(sb, prefix, keyType, id, true);
        return sb.append("#watermark").toString();
    }

    private static void appendEntity(StringBuilder sb, String prefix, String keyType, String id, boolean hashTag) {
        if (hashTag) {
            sb.append('{');
        }
        sb.append(prefix).append(':').append(keyType).append(':');
        escape(sb, id, true);
        if (hashTag) {
            sb.append('}');
        }
    }

    /** The escaped form of an id, as it stands in a key. */
    public static String escapeId(String id) {
        StringBuilder sb = new StringBuilder(id.length() + 8);
        escape(sb, id, true);
        return sb.toString();
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
