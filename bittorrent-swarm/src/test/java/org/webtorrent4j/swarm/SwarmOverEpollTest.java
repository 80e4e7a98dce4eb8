package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.BeforeAll;

/** {@link SwarmTest}'s tests with TcpTransport on a group of native epoll loops. */
class SwarmOverEpollTest extends SwarmTest {
    @BeforeAll
    static void epollLoads() {
        String arch = System.getProperty("os.arch");
        boolean shipped = System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"));
        if (shipped) {
            // The native library ships in the build for this platform: failing to load it is a bug, not a skip.
            assertTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
        }
        assumeTrue(Epoll.isAvailable(), "native epoll ships for Linux x86-64 and aarch64 only");
    }

    @Override
    IoHandlerFactory ioHandler() {
        return EpollIoHandler.newFactory();
    }
}
