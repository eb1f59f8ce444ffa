package io.quarkiverse.gcache.runtime.devui;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Redis key read back into its parts (SPEC §3): {@code {<prefix>:<key_type>:<id>}?<args>#<use_case>} for tracked
 * use cases, the same without braces for the others, and {@code {<prefix>:<key_type>:<id>}#watermark}.
 *
 * @param escapedId the id as it stands in the key
 * @param id the id with its percent-escapes decoded
 */
record StoredKey(String key, String keyType, String escapedId, String id, String useCase, boolean tracked,
        boolean watermark) {

    /** The key's parts, or {@code null} when it is not an entry or watermark under {@code prefix}. */
    static StoredKey parse(String key, String prefix) {
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
        boolean watermark = tracked && hash == 0 && useCase.equals("watermark");
        return new StoredKey(key, keyType, escapedId, unescape(escapedId), useCase, tracked, watermark);
    }

    /** Decodes the percent-escapes GCache writes (UTF-8, upper-case hex). */
    static String unescape(String s) {
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
}
