package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where journaled trades become Kinesis records: each trade takes a place in the
 * {@link BufferGate} (blocking the journal tailer, never the WebSocket, when the gate is full),
 * then goes into the {@link RecordPacker}, whose full or lingering packs go to the writer. After
 * {@link #closeAndFlush()} nothing more is taken, so that the final flush is final.
 */
final class TradePacking {

    private final RecordPacker packer;
    private final BufferGate gate;
    private final Consumer<List<? extends Outgoing>> writer;
    private final LongSupplier clock;
    private boolean closed;

    TradePacking(RecordPacker packer, BufferGate gate, Consumer<List<? extends Outgoing>> writer, LongSupplier clock) {
        this.packer = packer;
        this.gate = gate;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Packs the trades of journal entry {@code entry}, waiting for places in the gate.
     *
     * @return false when the gate was aborted or packing closed: the trades stay in the journal
     */
    boolean add(List<Trade> trades, long entry) throws InterruptedException {
        // An entry larger than the whole gate is taken in parts, so that it cannot wait forever.
        for (int from = 0; from < trades.size(); ) {
            int n = Math.min(trades.size() - from, gate.capacity());
            if (!gate.acquire(n)) {
                return false;
            }
            synchronized (this) {
                if (closed) {
                    gate.release(n);
                    return false;
                }
                long now = clock.getAsLong();
                List<RecordPacker.Pack> full = null;
                for (int i = from; i < from + n; i++) {
                    RecordPacker.Pack done = packer.add(trades.get(i), entry, now);
                    if (done != null) {
                        if (full == null) {
                            full = new ArrayList<>(2);
                        }
                        full.add(done);
                    }
                }
                if (full != null) {
                    emit(full);
                }
            }
            from += n;
        }
        return true;
    }

    /** Emits the records whose linger time is over; called by a timer. */
    synchronized void flushDue() {
        if (!closed) {
            emit(packer.flushDue(clock.getAsLong()));
        }
    }

    /** Stops taking trades and hands every buffered one to the writer. */
    synchronized void closeAndFlush() {
        closed = true;
        emit(packer.flushAll());
    }

    private void emit(List<RecordPacker.Pack> packs) {
        if (!packs.isEmpty()) {
            writer.accept(packs);
        }
    }
}
