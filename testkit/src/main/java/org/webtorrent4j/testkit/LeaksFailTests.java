package org.webtorrent4j.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leaked Netty buffer fail the tests: Netty's leak detector only logs, and a leak once
 * went through a green CI run. Every test class of a module with testkit on its class path gets
 * this extension (JUnit's extension auto-detection, switched on in the root pom). After each
 * class it collects garbage and lets the detector look; a leak it reports fails that class,
 * although an earlier class may have made it: the record says where the buffer was used.
 * Modules without Netty on their class path are left alone.
 */
public final class LeaksFailTests implements AfterAllCallback {
    private static final boolean NETTY = nettyPresent();

    static {
        if (NETTY) {
            NettyLeaks.listen(); // before Netty's first buffer class creates its detector
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!NETTY) {
            return;
        }
        List<String> found = NettyLeaks.collect();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty leak(s) found after " + context.getDisplayName()
                    + " (or an earlier class):\n" + String.join("\n", found));
        }
    }

    private static boolean nettyPresent() {
        try {
            Class.forName("io.netty.util.ResourceLeakDetectorFactory", false, LeaksFailTests.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
