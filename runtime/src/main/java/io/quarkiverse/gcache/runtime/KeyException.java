package io.quarkiverse.gcache.runtime;

/** A call's key could not be built (null id, failing adapter): the method runs uncached. */
final class KeyException extends RuntimeException {

    KeyException(String message) {
        super(message, null, false, false);
    }

    /** The message alone: logs show a failure's {@code toString()}, and this one's class name says nothing more. */
    @Override
    public String toString() {
        return getMessage();
    }
}
