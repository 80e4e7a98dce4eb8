package org.webtorrent4j.magnet;

/**
 * Strict text forms of hashes: hexadecimal (either case) and RFC 4648 base32 without padding
 * (either case). Anything else, including a wrong length, is an {@link InvalidMagnetUriException}.
 */
public final class HashText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private HashText() {}

    public static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Decodes exactly {@code byteCount} bytes of hexadecimal. */
    public static byte[] fromHex(String text, int byteCount) {
        if (text.length() != byteCount * 2) {
            throw new InvalidMagnetUriException("expected " + byteCount * 2 + " hex characters, got " + text.length());
        }
        byte[] out = new byte[byteCount];
        for (int i = 0; i < byteCount; i++) {
            out[i] = (byte) (hexDigit(text, 2 * i) << 4 | hexDigit(text, 2 * i + 1));
        }
        return out;
    }

    private static int hexDigit(String text, int index) {
        int d = Character.digit(text.charAt(index), 16);
        if (d < 0 || text.charAt(index) > 'f') {
            throw new InvalidMagnetUriException("'" + text.charAt(index) + "' at position " + index + " is not a hex digit");
        }
        return d;
    }

    /** RFC 4648 base32, upper case, without padding; the length must be a multiple of 5 bytes. */
    public static String toBase32(byte[] bytes) {
        if (bytes.length % 5 != 0) {
            throw new IllegalArgumentException("base32 without padding needs a multiple of 5 bytes");
        }
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5);
        for (int i = 0; i < bytes.length; i += 5) {
            long group = 0;
            for (int j = 0; j < 5; j++) {
                group = group << 8 | (bytes[i + j] & 0xff);
            }
            for (int shift = 35; shift >= 0; shift -= 5) {
                out.append(BASE32.charAt((int) (group >> shift) & 31));
            }
        }
        return out.toString();
    }

    /** Decodes base32 text of exactly {@code byteCount * 8 / 5} characters; byteCount must be a multiple of 5. */
    public static byte[] fromBase32(String text, int byteCount) {
        int chars = byteCount * 8 / 5;
        if (text.length() != chars) {
            throw new InvalidMagnetUriException("expected " + chars + " base32 characters, got " + text.length());
        }
        byte[] out = new byte[byteCount];
        for (int i = 0, o = 0; i < chars; i += 8) {
            long group = 0;
            for (int j = 0; j < 8; j++) {
                char c = text.charAt(i + j);
                // ASCII first: Character.toUpperCase maps 'ı' to 'I' and 'ſ' to 'S'.
                int v = c < 128 ? BASE32.indexOf(Character.toUpperCase(c)) : -1;
                if (v < 0) {
                    throw new InvalidMagnetUriException("'" + text.charAt(i + j) + "' at position " + (i + j)
                            + " is not a base32 character");
                }
                group = group << 5 | v;
            }
            for (int shift = 32; shift >= 0; shift -= 8) {
                out[o++] = (byte) (group >> shift);
            }
        }
        return out;
    }
}
