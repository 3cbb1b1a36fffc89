package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which journal entries are done. The tailer {@link #read}s entries in seq order; the writer
 * reports each record that is {@link #done} (acknowledged by Kinesis, or dropped with a counted
 * reason), trade by trade; an entry is done when all its trades are. {@link #checkpoint()} is what
 * a restart resumes from. Thread-safe.
 */
final class JournalProgress {

    /** Entry seq -> its trades not yet done. */
    private final TreeMap<Long, Integer> pending = new TreeMap<>();

    private final Map<String, long[]> idFloors;
    private long readPosition;
    private long pendingTrades;

    JournalProgress(JournalCheckpoint start) {
        this.readPosition = start.readPosition();
        this.idFloors = new HashMap<>();
        start.idFloors().forEach((s, f) -> idFloors.put(s, f.clone()));
    }

    /** The tailer took entry {@code seq} with these trades. */
    synchronized void read(long seq, List<Trade> trades) {
        if (!trades.isEmpty()) {
            pending.put(seq, trades.size());
            pendingTrades += trades.size();
        }
        readPosition = Math.max(readPosition, seq + 1);
        for (Trade t : trades) {
            long[] floor = idFloors.computeIfAbsent(t.symbol(), s -> new long[] {-1, TradeSequencer.LATE_BASE});
            floor[0] = Math.max(floor[0], t.timeMs());
            if (t.seq() >= TradeSequencer.LATE_BASE) {
                floor[1] = Math.max(floor[1], t.seq() + 1L);
            }
        }
    }

    /** The trades of one record are done. */
    synchronized void done(long[] entries) {
        for (long seq : entries) {
            Integer left = pending.get(seq);
            if (left == null) {
                continue; // a record made outside the journal (or sent twice)
            }
            pendingTrades--;
            if (left == 1) {
                pending.remove(seq);
            } else {
                pending.put(seq, left - 1);
            }
        }
    }

    /** Trades read from the journal and not yet done. */
    synchronized long pendingTrades() {
        return pendingTrades;
    }

    synchronized JournalCheckpoint checkpoint() {
        long[] open = pending.keySet().stream().mapToLong(Long::longValue).toArray();
        Map<String, long[]> floors = new HashMap<>();
        idFloors.forEach((s, f) -> floors.put(s, f.clone()));
        return new JournalCheckpoint(readPosition, open, floors);
    }
}
