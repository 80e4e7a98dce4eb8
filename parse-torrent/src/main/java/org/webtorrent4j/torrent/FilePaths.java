package org.webtorrent4j.torrent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that keep a torrent's file names inside the download folder. Names are never
 * silently rewritten: a torrent that breaks a rule is rejected, because two clients that
 * sanitized it differently would write different files and disagree on the data.
 *
 * <p>A path component is rejected when it is empty (absolute paths and {@code a//b}), is
 * {@code .} or {@code ..}, contains {@code /} or {@code \} (a separator on some system), NUL or
 * another control character, or starts with a drive letter such as {@code C:} (absolute or
 * drive-relative on Windows). Two non-padding files with the same path, or a file whose path is
 * a folder of another file, are rejected as well. Symbolic links (BEP 47 attribute {@code l})
 * are rejected by the parser: a link could point anywhere, and writing through it would escape.
 */
public final class FilePaths {
    /**
     * Most components of one file's path: far beyond any real torrent, and file systems allow no
     * deeper paths; more would make path checks slow (a v1 path is a flat list, unbounded by nesting).
     */
    public static final int MAX_COMPONENTS = 255;
    /** Names that old clients gave padding files, before BEP 47's attribute: such files are padding. */
    public static final String LEGACY_PADDING_PREFIX = "_____padding_file_";

    private FilePaths() {}

    /** Throws {@link InvalidTorrentException} unless {@code component} is a safe single file or folder name. */
    public static void checkComponent(String component, String what) {
        if (component.isEmpty()) {
            throw new InvalidTorrentException(what + " has an empty path component (absolute path or '//')");
        }
        if (component.equals(".") || component.equals("..")) {
            throw new InvalidTorrentException(what + " has a '" + component + "' path component");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '/' || c == '\\') {
                throw new InvalidTorrentException(what + " has a path component containing '" + c + "'");
            }
            if (c == 0) {
                throw new InvalidTorrentException(what + " has a path component containing NUL");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidTorrentException(what + " has a path component containing control character 0x"
                        + Integer.toHexString(c));
            }
        }
        if (startsWithDriveLetter(component)) {
            throw new InvalidTorrentException(what + " has a path component starting with drive letter '"
                    + component.substring(0, 2) + "'");
        }
    }

    /** Whether the name starts like a Windows drive ("c:"), which would make it an absolute path there. */
    public static boolean startsWithDriveLetter(String component) {
        return component.length() >= 2 && component.charAt(1) == ':' && isAsciiLetter(component.charAt(0));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Rejects duplicate paths and files that are also folders of other files (padding files are skipped). */
    static void checkNoConflicts(List<TorrentFile> files) {
        Set<String> paths = new HashSet<>();
        for (TorrentFile f : files) {
            if (!f.isPadding() && !paths.add(f.displayPath())) {
                throw new InvalidTorrentException("two files have the path '" + f.displayPath() + "'");
            }
        }
        for (TorrentFile f : files) {
            if (f.isPadding()) {
                continue;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < f.path().size() - 1; i++) {
                prefix.append(i == 0 ? "" : "/").append(f.path().get(i));
                if (paths.contains(prefix.toString())) {
                    throw new InvalidTorrentException("'" + prefix + "' is both a file and the folder of '"
                            + f.displayPath() + "'");
                }
            }
        }
    }
}
