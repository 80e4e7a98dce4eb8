package org.webtorrent4j.client.storage;

import java.util.BitSet;
import java.util.List;

/**
 * What a restarted client may trust without re-hashing: the pieces verified before, valid only
 * while every file still has the size and modification time recorded with them.
 *
 * @param pieceCount pieces of the torrent
 * @param verified   pieces verified and flushed to disk when this was written
 * @param files      size and modification time of each file then, the part file last (-1 size: absent)
 */
public record ResumeData(int pieceCount, BitSet verified, List<FileStamp> files) {
    public ResumeData {
        verified = (BitSet) verified.clone();
        files = List.copyOf(files);
    }

    @Override
    public BitSet verified() {
        return (BitSet) verified.clone();
    }

    /** A file's size and modification time in milliseconds. */
    public record FileStamp(long size, long modifiedMillis) {
        public static final FileStamp ABSENT = new FileStamp(-1, 0);
    }
}
