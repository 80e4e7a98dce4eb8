package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenManagerTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenManager tokens = new TokenManager(now::get, TokenManager.DEFAULT_ROTATION_MILLIS, new SecureRandom());

    @Test
    void aTokenIsBoundToTheRequestersIp() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        byte[] token = tokens.tokenFor(a);
        assertTrue(tokens.isValid(token, a));
        assertFalse(tokens.isValid(token, b));
        assertFalse(tokens.isValid(new byte[8], a));
        assertFalse(tokens.isValid(null, a));
    }

    @Test
    void thePreviousSecretIsAcceptedForOneMoreRotation() throws Exception {
        InetAddress a = InetAddress.getByName("::1");
        byte[] token = tokens.tokenFor(a);
        now.addAndGet(TokenManager.DEFAULT_ROTATION_MILLIS);
        assertTrue(tokens.isValid(token, a), "one rotation later");
        now.addAndGet(TokenManager.DEFAULT_ROTATION_MILLIS);
        assertFalse(tokens.isValid(token, a), "two rotations later");
    }

    @Test
    void aLongSilenceInvalidatesEveryOldToken() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        byte[] token = tokens.tokenFor(a);
        now.addAndGet(3 * TokenManager.DEFAULT_ROTATION_MILLIS);
        assertFalse(tokens.isValid(token, a));
    }
}
