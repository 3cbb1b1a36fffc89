package dev.tradelake.launcher;

import java.util.List;

/**
 * Where dead letters wait: SQS on AWS, JSON-lines files locally. {@link #take} hands the messages
 * over for redriving; {@link #finish} removes the redriven ones and gives the others back. A message
 * leaves the queue only in {@link #finish}, after it was stored: a crash in between keeps it.
 */
interface DeadLetterQueue {

    /** Every message, left in place. */
    List<DeadLetterEntry> peek();

    /** Every message, held for redriving (other readers do not see them until {@link #finish}). */
    List<DeadLetterEntry> take();

    /** Deletes {@code redriven} and puts {@code kept} back. */
    void finish(List<DeadLetterEntry> redriven, List<DeadLetterEntry> kept);
}
