package org.webtorrent4j.dht;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.webtorrent4j.bencode.Bencode;

/**
 * A BEP 44 mutable item: a bencoded value signed with ed25519 (the JDK's own implementation), stored
 * under SHA-1(public key + salt). The signed buffer is {@code [4:salt<len>:<salt>]3:seqi<seq>e1:v<value>}
 * with the value in canonical bencode.
 *
 * @param publicKey raw 32-byte ed25519 public key
 * @param salt      0 to 64 bytes (empty for none)
 * @param seq       sequence number; a higher one replaces a stored item
 * @param value     the bencodable value (byte[], Long, List, Map)
 * @param signature raw 64-byte ed25519 signature
 */
public record MutableItem(byte[] publicKey, byte[] salt, long seq, Object value, byte[] signature) {
    /** Longest salt allowed (BEP 44). */
    public static final int MAX_SALT = 64;
    /** Largest bencoded value allowed (BEP 44). */
    public static final int MAX_VALUE = 1000;
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");

    public MutableItem {
        if (publicKey == null || publicKey.length != 32) throw new IllegalArgumentException("public key must be 32 bytes");
        if (signature == null || signature.length != 64) throw new IllegalArgumentException("signature must be 64 bytes");
        salt = salt == null ? new byte[0] : salt;
        if (salt.length > MAX_SALT) throw new IllegalArgumentException("salt longer than " + MAX_SALT + " bytes");
    }

    /** Signs {@code value} with an ed25519 key pair (from {@link #newKeyPair()} or {@link #keyPairFromSeed}). */
    public static MutableItem sign(KeyPair keys, byte[] salt, long seq, Object value) {
        byte[] encoded = Bencode.encode(value);
        if (encoded.length > MAX_VALUE) {
            throw new IllegalArgumentException("value of " + encoded.length + " bytes exceeds " + MAX_VALUE);
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys.getPrivate());
            s.update(signedBuffer(salt, seq, encoded));
            return new MutableItem(rawPublicKey(keys.getPublic()), salt, seq, value, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether the signature is valid for this key, salt, seq and value. */
    public boolean verify() {
        return verify(publicKey, salt, seq, Bencode.encode(value), signature);
    }

    static boolean verify(byte[] publicKey, byte[] salt, long seq, byte[] encodedValue, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey(publicKey));
            s.update(signedBuffer(salt, seq, encodedValue));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Where the item is stored: SHA-1 of the public key followed by the salt. */
    public NodeId target() {
        return target(publicKey, salt);
    }

    public static NodeId target(byte[] publicKey, byte[] salt) {
        return NodeId.sha1(publicKey, salt == null ? new byte[0] : salt);
    }

    /** The bytes that are signed. */
    public static byte[] signedBuffer(byte[] salt, long seq, byte[] encodedValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (salt != null && salt.length > 0) {
            out.writeBytes(("4:salt" + salt.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(salt);
        }
        out.writeBytes(("3:seqi" + seq + "e1:v").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(encodedValue);
        return out.toByteArray();
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** The key pair of a 32-byte ed25519 seed (RFC 8032 private key). */
    public static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != 32) throw new IllegalArgumentException("seed must be 32 bytes");
        try {
            // The JDK generator draws its 32-byte private key from the SecureRandom it is given.
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(255, new FixedSeed(seed));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        }
    }

    /** A SecureRandom that hands out one fixed seed: how the JDK generator is made to derive a known key. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
        }
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
    }

    /** The raw 32 bytes of an ed25519 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] x509 = key.getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
