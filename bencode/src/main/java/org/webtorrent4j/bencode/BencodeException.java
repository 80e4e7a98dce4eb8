package org.webtorrent4j.bencode;

/** Input that is not valid bencode, or that exceeds a {@link BencodeLimits} bound. */
public final class BencodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public BencodeException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}
