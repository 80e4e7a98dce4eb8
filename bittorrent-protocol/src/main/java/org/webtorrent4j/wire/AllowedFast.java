package org.webtorrent4j.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Set;

/** The canonical allowed-fast set of BEP 6, computed from the peer's IPv4 address and the info-hash. */
public final class AllowedFast {
    private AllowedFast() {}

    /**
     * @param ipv4      the peer's IPv4 address (4 bytes)
     * @param infoHash  the torrent's info-hash (20 bytes)
     * @param numPieces pieces in the torrent
     * @param k         how many pieces to allow (BEP 6 suggests 10)
     * @return the piece indexes in generation order, at most min(k, numPieces)
     */
    public static Set<Integer> compute(byte[] ipv4, byte[] infoHash, int numPieces, int k) {
        if (ipv4.length != 4 || infoHash.length != 20 || numPieces <= 0 || k < 0) {
            throw new IllegalArgumentException("need a 4-byte IPv4 address, a 20-byte info-hash and pieces > 0");
        }
        MessageDigest sha1 = sha1();
        int wanted = Math.min(k, numPieces);
        Set<Integer> set = new LinkedHashSet<>();
        // The /24 network, so that peers behind one NAT share a set.
        byte[] x = new byte[24];
        x[0] = ipv4[0];
        x[1] = ipv4[1];
        x[2] = ipv4[2];
        System.arraycopy(infoHash, 0, x, 4, 20);
        byte[] digest = sha1.digest(x);
        while (set.size() < wanted) {
            for (int i = 0; i < 5 && set.size() < wanted; i++) {
                int j = i * 4;
                long y = ((digest[j] & 0xffL) << 24) | ((digest[j + 1] & 0xffL) << 16)
                        | ((digest[j + 2] & 0xffL) << 8) | (digest[j + 3] & 0xffL);
                set.add((int) (y % numPieces));
            }
            digest = sha1.digest(digest);
        }
        return set;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }
}
