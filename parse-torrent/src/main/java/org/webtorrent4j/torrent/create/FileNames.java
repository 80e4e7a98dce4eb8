package org.webtorrent4j.torrent.create;

/**
 * The rule for names written into a torrent: a name must be usable as one path component on
 * every platform a downloader may use, so it may not be empty, "." or "..", nor contain '/',
 * '\', NUL or another control character. A name that Java could not decode from the file system
 * (it then holds U+FFFD) is refused too, since the file could not be read back under that name.
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
