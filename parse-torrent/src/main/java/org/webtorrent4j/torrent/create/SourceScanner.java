package org.webtorrent4j.torrent.create;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the files of a creation source in the torrent's order.
 *
 * <p>Order: by the file's relative path, folders joined with '/', compared byte by byte in
 * UTF-8, the order mktorrent uses, so both give the same info-hash for the same folder.
 *
 * <p>Symbolic links inside a folder are followed only when they resolve to a regular file inside
 * the same folder; links to folders, to anything outside the folder and broken links are skipped
 * (and reported), so a torrent never carries data from outside what was named, and no link can
 * make the walk loop. Other special files (pipes, sockets, devices) are skipped too: reading a
 * pipe could block for ever. The source itself may be a link: the user named it.
 */
final class SourceScanner {
    /** The most files one torrent may list (bounds the memory of the file list and info dictionary). */
    static final int MAX_FILES = 1_000_000;

    /** The listed files, whether it is a single-file torrent, and what was left out and why. */
    record Listing(List<SourceFile> files, boolean singleFile, List<String> skipped) {}

    private SourceScanner() {}

    static Listing scan(Path source, boolean includeHidden) throws IOException {
        Path real;
        try {
            real = source.toRealPath();
        } catch (NoSuchFileException e) {
            throw new TorrentCreateException("no such file or folder: " + source);
        }
        if (Files.isRegularFile(real)) {
            return new Listing(List.of(new SourceFile(real, List.of(), Files.size(real))), true, List.of());
        }
        if (!Files.isDirectory(real)) {
            throw new TorrentCreateException("not a regular file or folder: " + source);
        }
        List<SourceFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Files.walkFileTree(real, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(real) && !includeHidden && isHidden(dir)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!includeHidden && isHidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = relativeName(real, file);
                if (attrs.isRegularFile()) {
                    add(new SourceFile(file, components(real, file), attrs.size()));
                } else if (attrs.isSymbolicLink()) {
                    followLink(file, relative);
                } else {
                    skipped.add(relative + ": not a regular file");
                }
                return FileVisitResult.CONTINUE;
            }

            private void followLink(Path link, String relative) throws IOException {
                Path target;
                try {
                    target = link.toRealPath();
                } catch (IOException e) {
                    skipped.add(relative + ": broken symbolic link");
                    return;
                }
                if (!target.startsWith(real)) {
                    skipped.add(relative + ": symbolic link to outside the source folder");
                } else if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    skipped.add(relative + ": symbolic link to something other than a regular file");
                } else {
                    add(new SourceFile(target, components(real, link), Files.size(target)));
                }
            }

            private void add(SourceFile file) {
                if (files.size() >= MAX_FILES) {
                    throw new TorrentCreateException("more than " + MAX_FILES + " files in " + source);
                }
                files.add(file);
            }
        });
        if (files.isEmpty()) {
            throw new TorrentCreateException("folder has no files to share: " + source
                    + (includeHidden ? "" : " (hidden files are left out unless included)"));
        }
        files.sort(Comparator.comparing(SourceScanner::sortKey, Arrays::compareUnsigned));
        skipped.sort(null);
        return new Listing(List.copyOf(files), false, List.copyOf(skipped));
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static List<String> components(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            FileNames.requireSafe(name, "file name in " + relativeName(root, file) + ":");
            parts.add(name);
        }
        return parts;
    }

    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString();
    }

    private static byte[] sortKey(SourceFile f) {
        return String.join("/", f.path()).getBytes(StandardCharsets.UTF_8);
    }
}
