package org.webtorrent4j.bencode;

/** Valid bencode whose value has the wrong type for what the reader expects. */
public final class BencodeTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BencodeTypeException(String message) {
        super(message);
    }
}
