package org.webtorrent4j.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Write tokens for announce_peer and put (BEP 5): the first 8 bytes of SHA-1 over a secret and the
 * requester's IP. The secret rotates every {@code rotationMillis} (default 5 minutes) and the
 * previous one is still accepted, so a token lives between one and two rotation periods.
 * Not thread-safe; time comes from an injected millisecond clock.
 */
public final class TokenManager {
    public static final long DEFAULT_ROTATION_MILLIS = 5 * 60_000L;
    public static final int TOKEN_LENGTH = 8;

    private final LongSupplier clock;
    private final long rotationMillis;
    private final SecureRandom random;
    private byte[] current;
    private byte[] previous;
    private long rotatedAt;

    public TokenManager(LongSupplier clockMillis, long rotationMillis, SecureRandom random) {
        if (rotationMillis <= 0) {
            throw new IllegalArgumentException("rotationMillis must be > 0");
        }
        this.clock = clockMillis;
        this.rotationMillis = rotationMillis;
        this.random = random;
        this.current = newSecret();
        this.previous = newSecret();
        this.rotatedAt = clockMillis.getAsLong();
    }

    private byte[] newSecret() {
        byte[] s = new byte[16];
        random.nextBytes(s);
        return s;
    }

    private void rotateIfDue() {
        long now = clock.getAsLong();
        long elapsed = now - rotatedAt;
        if (elapsed >= rotationMillis) {
            // After two or more periods of silence the old current secret is too old to honour.
            previous = elapsed >= 2 * rotationMillis ? newSecret() : current;
            current = newSecret();
            rotatedAt = now;
        }
    }

    /** The token to hand to a requester at {@code ip}. */
    public byte[] tokenFor(InetAddress ip) {
        rotateIfDue();
        return token(current, ip);
    }

    /** Whether {@code token} was issued to {@code ip} under the current or the previous secret. */
    public boolean isValid(byte[] token, InetAddress ip) {
        rotateIfDue();
        return token != null && token.length == TOKEN_LENGTH
                && (MessageDigest.isEqual(token, token(current, ip)) || MessageDigest.isEqual(token, token(previous, ip)));
    }

    private static byte[] token(byte[] secret, InetAddress ip) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(secret);
            sha1.update(ip.getAddress());
            return Arrays.copyOf(sha1.digest(), TOKEN_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
