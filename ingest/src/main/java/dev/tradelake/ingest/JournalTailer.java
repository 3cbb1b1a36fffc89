package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads the journal in order and hands its trades to {@link TradePacking}:
 * first what an earlier run left unacknowledged (per its checkpoint), then each entry as the
 * receiving thread appends it. This thread, not the WebSocket's, is the one that waits while
 * Kinesis is slow or away; entries wait in the journal meanwhile.
 */
final class JournalTailer {

    private static final Logger LOG = LoggerFactory.getLogger(JournalTailer.class);
    private static final long IDLE_WAIT_MS = 20;

    private final TradeJournal journal;
    private final JournalCheckpoint from;
    private final JournalProgress progress;
    private final TradePacking packing;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object wake = new Object();
    private final AtomicLong tradesRead = new AtomicLong();
    private volatile boolean finishing;
    private volatile boolean completed;

    JournalTailer(TradeJournal journal, JournalCheckpoint from, JournalProgress progress, TradePacking packing) {
        this.journal = journal;
        this.from = from;
        this.progress = progress;
        this.packing = packing;
        this.thread = new Thread(this::run, "ingest-journal");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called after an append, so that the entry is read at once. */
    void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** No more appends will come: read to the end, flush the packer, and stop. */
    void finish() {
        finishing = true;
        wake();
    }

    /** True when everything appended was read and handed on; false on timeout or when stopped early. */
    boolean awaitDone(long timeoutMs) throws InterruptedException {
        return done.await(timeoutMs, TimeUnit.MILLISECONDS) && completed;
    }

    long tradesRead() {
        return tradesRead.get();
    }

    private void run() {
        Set<Long> pendingAtStart = new HashSet<>();
        for (long p : from.pending()) {
            pendingAtStart.add(p);
        }
        try (TradeJournal.Cursor cursor = journal.cursor(from.restartSeq())) {
            boolean lastPass = false;
            while (true) {
                TradeJournal.Entry entry = cursor.next();
                if (entry == null) {
                    if (lastPass) {
                        break;
                    }
                    if (finishing) {
                        lastPass = true; // every append happened before finish(): one more pass sees it
                        continue;
                    }
                    synchronized (wake) {
                        if (!finishing) {
                            wake.wait(IDLE_WAIT_MS);
                        }
                    }
                    continue;
                }
                if (entry.seq() < from.readPosition() && !pendingAtStart.contains(entry.seq())) {
                    continue; // acknowledged before the restart
                }
                List<Trade> trades = JournalEntries.decode(entry.payload());
                progress.read(entry.seq(), trades);
                tradesRead.addAndGet(trades.size());
                if (!packing.add(trades, entry.seq())) {
                    return; // the writer failed or the stop timed out: the rest stays in the journal
                }
            }
            packing.closeAndFlush();
            completed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot read the journal; what is unread stays in it for the next run: {}", e.toString());
        } finally {
            done.countDown();
        }
    }
}
