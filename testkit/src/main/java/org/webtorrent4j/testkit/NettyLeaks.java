package org.webtorrent4j.testkit;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/** The Netty side of {@link LeaksFailTests}, loaded only where Netty is on the class path. */
final class NettyLeaks {
    private static final List<String> LEAKS = new ArrayList<>();

    private NettyLeaks() {}

    /** Has every leak detector Netty creates from now on report to us too (it still logs). */
    static void listen() {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
                detector.setLeakListener((type, records) -> {
                    synchronized (LEAKS) {
                        LEAKS.add(type + " leaked:" + records);
                    }
                });
                return detector;
            }
        });
    }

    /** Collects garbage, lets the detector look, and returns (and forgets) the leaks it found. */
    static List<String> collect() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(20);
            // The detector looks at collected buffers when it tracks the next one.
            ByteBufAllocator.DEFAULT.buffer(1).release();
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        synchronized (LEAKS) {
            List<String> found = List.copyOf(LEAKS);
            LEAKS.clear();
            return found;
        }
    }
}
