package dev.tradelake.ingest;

/**
 * The ingest's bounded in-memory buffer, counted in trades: a trade takes a place when the journal
 * tailer hands it to the packer and gives it back only when Kinesis has acknowledged its record.
 * When every place is taken, {@link #acquire} blocks the tailer (never the WebSocket's receiving
 * thread: trades wait in the journal meanwhile), so memory never grows without limit.
 */
final class BufferGate {

    private final int capacity;
    private int used;
    private boolean aborted;
    private long blockedNanos;

    BufferGate(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /**
     * Takes {@code n} places (at most the capacity), waiting while they are not free.
     *
     * @return false when the gate was aborted: the trades must not be accepted
     */
    synchronized boolean acquire(int n) throws InterruptedException {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("cannot take " + n + " places of " + capacity);
        }
        if (used + n > capacity && !aborted) {
            long start = System.nanoTime();
            while (used + n > capacity && !aborted) {
                wait();
            }
            blockedNanos += System.nanoTime() - start;
        }
        if (aborted) {
            return false;
        }
        used += n;
        return true;
    }

    synchronized void release(int n) {
        if (n < 0 || n > used) {
            throw new IllegalStateException("cannot give back " + n + " places, " + used + " taken");
        }
        used -= n;
        notifyAll();
    }

    /** After a fatal error: wakes and refuses every waiter; what is taken stays counted. */
    synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    synchronized int used() {
        return used;
    }

    /** Total time the journal tailer was held back, for the progress line. */
    synchronized long blockedNanos() {
        return blockedNanos;
    }

    /** Waits until every place is free again; false on timeout or abort. */
    synchronized boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (used > 0 && !aborted) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return used == 0;
    }
}
