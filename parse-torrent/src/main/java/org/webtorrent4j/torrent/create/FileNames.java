package org.webtorrent4j.torrent.create;

import org.webtorrent4j.torrent.FilePaths;

/**
 * The rule for names written into a torrent: a name must be usable as one path component on
 * every platform a downloader may use, so it may not be empty, "." or "..", start with a drive
 * letter ("c:"), nor contain '/', '\', NUL or another control character: the parser refuses all
 * these. Nor may it start like an old-style padding file's name, which readers take for padding
 * and never write. A name that Java could not decode from the file system (it then holds U+FFFD)
 * is refused too, since the file could not be read back under that name.
 */
final class FileNames {
    private FileNames() {}

    static void requireSafe(String name, String what) {
        String problem = problem(name);
        if (problem != null) {
            throw new TorrentCreateException(what + " '" + printable(name) + "' " + problem);
        }
    }

    private static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is a relative folder reference";
        }
        if (FilePaths.startsWithDriveLetter(name)) {
            return "starts with a drive letter ('" + name.substring(0, 2) + "'), an absolute path on Windows";
        }
        if (name.startsWith(FilePaths.LEGACY_PADDING_PREFIX)) {
            return "starts with '" + FilePaths.LEGACY_PADDING_PREFIX + "': downloaders would take it for padding";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains a path separator ('" + c + "')";
            }
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character (0x" + Integer.toHexString(c) + ")";
            }
            if (c == '\uFFFD') {
                return "is not valid in the platform's file name encoding (sun.jnu.encoding="
                        + System.getProperty("sun.jnu.encoding") + "; use a UTF-8 locale)";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return sb.toString();
    }
}
