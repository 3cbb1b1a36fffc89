package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * For {@code ./datalake bench}: what the journal costs a trade. Appends the trades in entries of
 * {@code perEntry} (a frame's worth), as the receiving thread does, fsyncing every
 * {@code syncEveryEntries} entries, then reads and decodes them back as the tailer does.
 */
public final class JournalProbe {

    /** Trades per second through append and read-back; the directory is emptied afterwards. */
    public static double tradesPerSecond(List<Trade> trades, int perEntry, int syncEveryEntries, Path dir)
            throws IOException {
        long start = System.nanoTime();
        long read = 0;
        try (TradeJournal journal = TradeJournal.open(dir, Long.MAX_VALUE, 64L << 20, 0)) {
            int entries = 0;
            for (int from = 0; from < trades.size(); from += perEntry) {
                journal.append(JournalEntries.encode(trades.subList(from, Math.min(trades.size(), from + perEntry))));
                if (++entries % syncEveryEntries == 0) {
                    journal.force();
                }
            }
            journal.force();
            try (TradeJournal.Cursor cursor = journal.cursor(0)) {
                for (TradeJournal.Entry e = cursor.next(); e != null; e = cursor.next()) {
                    read += JournalEntries.decode(e.payload()).size();
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        if (read != trades.size()) {
            throw new IllegalStateException("read back " + read + " of " + trades.size() + " trades");
        }
        return trades.size() / ((System.nanoTime() - start) / 1e9);
    }

    private JournalProbe() {}
}
