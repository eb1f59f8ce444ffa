package io.quarkiverse.gcache.it.history;

/**
 * One operation of the history, as a process ran it. Times are {@link System#nanoTime()} of the process that ran it
 * (CLOCK_MONOTONIC, shared by every process of the machine), or the harness's for an operation with no answer.
 *
 * @param process the index of the application process, 0 to 2
 * @param kind read, write or delete
 * @param useCase for a read: {@code local} (LOCAL then REMOTE), {@code remote} (REMOTE only) or {@code request} (the
 *        second read of one scope, from REQUEST_LOCAL); else {@code null}
 * @param entity the entity's id
 * @param start when the process started the operation
 * @param end when it finished it (a write: after its invalidation returned)
 * @param version the version read, or written; -1 when the operation failed
 * @param value the value read or written; {@code null} for a deleted or never written entity
 * @param source for a read: {@code method} or {@code remote} when it filled for itself (its own method call, or its own
 *        REMOTE hit), {@code reused} when LOCAL or a fill it shared served it; else {@code null}
 * @param bufferMillis for a write: the invalidation's future buffer
 * @param acknowledged for a write: its process saw the entity's watermark rise across the invalidation
 * @param error {@code null}, or why the operation did not answer as it should
 * @param confirmed for an acknowledged write: when its process saw the watermark risen, after {@code end} (an
 *        invalidation that timed out in GCache returns, and may still take effect in Redis until then); else
 *        {@code end}
 */
record Operation(int process, Kind kind, String useCase, String entity, long start, long end, long version,
        String value, String source, long bufferMillis, boolean acknowledged, String error, long confirmed) {

    /** An operation whose effect is known when it ends (a read, a failed or unacknowledged write). */
    Operation(int process, Kind kind, String useCase, String entity, long start, long end, long version,
            String value, String source, long bufferMillis, boolean acknowledged, String error) {
        this(process, kind, useCase, entity, start, end, version, value, source, bufferMillis, acknowledged, error,
                end);
    }

    enum Kind {
        READ,
        WRITE,
        DELETE
    }

    /** A read that filled for itself: held to the REMOTE rule at once. */
    boolean fresh() {
        return "method".equals(source) || "remote".equals(source);
    }

    boolean failed() {
        return error != null;
    }

    boolean isWrite() {
        return kind != Kind.READ;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append('p').append(process).append(' ').append(kind);
        if (useCase != null) {
            out.append('(').append(useCase).append(')');
        }
        out.append(' ').append(entity).append(" [").append(Millis.of(start)).append(" .. ").append(Millis.of(end))
                .append("] v").append(version).append(" value=").append(value);
        if (kind == Kind.READ) {
            out.append(' ').append(source);
        }
        if (bufferMillis > 0) {
            out.append(" buffer=").append(bufferMillis).append("ms");
        }
        if (isWrite() && !acknowledged && error == null) {
            out.append(" unacknowledged");
        }
        if (error != null) {
            out.append(" ERROR ").append(error);
        }
        return out.toString();
    }
}
