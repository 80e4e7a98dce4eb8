package org.webtorrent4j.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code webtorrent} command line: one subcommand per task. */
@Command(name = "webtorrent", mixinStandardHelpOptions = true, version = "webtorrent4j 0.1.0-SNAPSHOT",
        description = "BitTorrent and WebTorrent toolkit for Java.",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, CreateCommand.class, TrackerCommand.class, DhtCommand.class, DownloadCommand.class,
                SeedCommand.class})
public final class WebTorrentCli {

    public static void main(String[] args) {
        // The command line's own log: warnings and errors only, on stderr, unless the user asked for more.
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Netty warns where no interface has a hardware address (a container, a network namespace):
        // it then names channels with random bytes, which this client only logs.
        defaultProperty("org.slf4j.simpleLogger.log.io.netty.util.internal.MacAddressUtil", "error");
        // A torrent's failure: the commands print it themselves, as their last line.
        defaultProperty("org.slf4j.simpleLogger.log.org.webtorrent4j.client.TorrentSession", "error");
        System.exit(run(args));
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: invalid arguments print one line on stderr and exit with 1. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WebTorrentCli());
        cli.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + e.getMessage().replace('\n', ' ')
                    + " (see '" + command + " --help')");
            return 1;
        });
        return cli;
    }
}
