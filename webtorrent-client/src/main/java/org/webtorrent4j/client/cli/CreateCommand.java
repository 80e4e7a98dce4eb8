package org.webtorrent4j.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.CreatedTorrent;
import org.webtorrent4j.torrent.create.TorrentCreateException;
import org.webtorrent4j.torrent.create.TorrentCreator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code webtorrent create}: makes a .torrent file of a file or folder, then prints its
 * info-hash and magnet link on stdout.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a .torrent file from a file or a folder, then print its info-hash and magnet link.",
                "Hidden files are left out unless included; symbolic links are followed only to files"
                        + " inside the folder."})
public final class CreateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to share.")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the torrent (default: <name>.torrent in the current folder).")
    Path output;

    @Option(names = {"-a", "--announce"}, paramLabel = "URL[,URL...]",
            description = "A tier of tracker URLs (comma-separated); repeat for more tiers.")
    List<String> announce = new ArrayList<>();

    @Option(names = "--piece-length", paramLabel = "BYTES",
            description = "Piece length: a power of two >= 16384, optionally with K or M (default: automatic).")
    String pieceLength;

    @Option(names = {"-p", "--private"}, description = "Mark the torrent private (no DHT, no PEX).")
    boolean isPrivate;

    @Option(names = {"-w", "--url-list"}, paramLabel = "URL", description = "A web seed URL; repeatable.")
    List<String> urlList = new ArrayList<>();

    @Option(names = {"-c", "--comment"}, paramLabel = "TEXT", description = "A comment.")
    String comment;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The torrent's name (default: the file or folder name).")
    String name;

    @Option(names = "--no-date", description = "Leave out the creation date.")
    boolean noDate;

    @Option(names = "--created-by", paramLabel = "TEXT", description = "The creating program (default: ${DEFAULT-VALUE}).",
            defaultValue = CreateOptions.DEFAULT_CREATED_BY)
    String createdBy;

    @Option(names = "--include-hidden", description = "Include files and folders whose name starts with '.'.")
    boolean includeHidden;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Hashing threads (default: all cores).")
    Integer threads;

    @Option(names = {"-f", "--force"}, description = "Overwrite the output file if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            CreatedTorrent torrent = TorrentCreator.create(source, options());
            Path target = output != null ? output : Path.of(torrent.name() + ".torrent");
            write(target, torrent.torrentBytes());
            for (String skipped : torrent.skipped()) {
                err.println("webtorrent create: skipped " + skipped);
            }
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(torrent.infoHashHex());
            out.println(Torrent.parse(torrent.torrentBytes()).toMagnetUri());
            out.flush();
            return 0;
        } catch (TorrentCreateException e) {
            return fail(err, e.getMessage());
        } catch (FileAlreadyExistsException e) {
            return fail(err, e.getFile() + " exists (use --force to overwrite)");
        } catch (IOException e) {
            return fail(err, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("webtorrent create: " + message.replace('\n', ' '));
        err.flush();
        return 1;
    }

    private CreateOptions options() {
        CreateOptions.Builder b = CreateOptions.builder()
                .name(name)
                .pieceLength(pieceLength == null ? 0 : parsePieceLength(pieceLength))
                .isPrivate(isPrivate)
                .comment(comment)
                .createdBy(createdBy.isEmpty() ? null : createdBy)
                .includeHidden(includeHidden)
                .urlList(urlList);
        for (String tier : announce) {
            b.addAnnounceTier(tier(tier));
        }
        if (noDate) {
            b.noCreationDate();
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }

    /** The URLs of one {@code --announce} value: comma-separated, blanks ignored. */
    static String[] tier(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    /** Bytes, or a count of KiB or MiB with a K or M suffix. */
    static int parsePieceLength(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (t.endsWith("K") || t.endsWith("M")) {
            shift = t.endsWith("K") ? 10 : 20;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long number = Long.parseLong(t);
            if (number <= 0 || number > Integer.MAX_VALUE >> shift || t.startsWith("+")) { // checked before the shift
                throw new NumberFormatException();
            }
            return (int) (number << shift);
        } catch (NumberFormatException e) {
            throw new TorrentCreateException("piece length '" + text + "' is not a number of bytes (e.g. 262144 or 256K)");
        }
    }

    /** Writes via a temporary file beside the target, so a failed run never leaves half a torrent. */
    private void write(Path target, byte[] bytes) throws IOException {
        if (Files.isDirectory(target)) {
            throw new TorrentCreateException("output " + target + " is a folder");
        }
        if (!force && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".webtorrent-create", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
