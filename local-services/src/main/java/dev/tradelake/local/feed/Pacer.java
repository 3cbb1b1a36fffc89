package dev.tradelake.local.feed;

/**
 * When a batch is due on the wall clock, for a {@link Pace}. Time is measured from an anchor (the
 * first batch after start or after a pause) so that a pause shifts the schedule instead of
 * making the feed rush to catch up afterwards. Pure arithmetic on the times it is given.
 */
final class Pacer {

    private final Pace pace;
    private boolean anchored;
    private long anchorFeedMs;
    private long anchorNanos;

    Pacer(Pace pace) {
        this.pace = pace;
    }

    /** Forgets the anchor: the next batch asked about is due at once and becomes the new anchor. */
    void restart() {
        anchored = false;
    }

    /**
     * Nanoseconds from {@code nowNanos} until the batch of {@code feedTimeMs} is due; <= 0 when due.
     * A batch without a time of its own ({@link Long#MIN_VALUE}) is due at once and anchors nothing.
     */
    long nanosUntilDue(long feedTimeMs, long nowNanos) {
        if (pace.isMax() || feedTimeMs == Long.MIN_VALUE) {
            return 0;
        }
        if (!anchored) {
            anchored = true;
            anchorFeedMs = feedTimeMs;
            anchorNanos = nowNanos;
            return 0;
        }
        double offsetNanos = (feedTimeMs - anchorFeedMs) * 1e6 / pace.factor();
        return anchorNanos + (long) offsetNanos - nowNanos;
    }
}
