package dev.tradelake.flink;

import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Rejection;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import dev.tradelake.model.WindowSizes;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kinesis record payloads to trades, with {@link TradeRecordFormat}, folded into
 * {@link PartialBar}s: the consecutive trades of a record that fall in the same window of
 * {@code partialBarMs} become one. A record that cannot be read at all, or a row of it that
 * breaks the trade rules, is counted and skipped: bad input never fails the job (the trades
 * table's Lambda keeps the dead letters; here only counts matter). A trade stamped more than
 * {@link TradeRules#MAX_AHEAD_MS} after this operator's clock is refused too
 * ({@code rejected.future_time}): it would drag event time ahead and make every later trade late.
 * Each partial bar keeps its trades' columns for {@link DropDuplicateTrades}.
 *
 * <p>Metrics, per subtask: {@code recordsDecoded}, {@code tradesDecoded}, {@code partialBars},
 * {@code recordsRejected}, {@code tradesRejected}, {@code rejected.<reason>} for each
 * {@link RejectReason}, and the gauge {@code newestTradeTime}.
 */
public final class DecodeTradeRecords extends RichFlatMapFunction<byte[], PartialBar> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeTradeRecords.class);

    /** Kinesis records decoded (their rejected trades aside); with {@link BarsMetrics#RECORDS_REJECTED}, every record read. */
    public static final String RECORDS_DECODED = "recordsDecoded";
    /**
     * Gauge: the trade time (epoch ms) of the newest trade decoded since the job started; how far
     * event time has come, and what the last bars must reach before a drained run is done.
     */
    public static final String NEWEST_TRADE_TIME = "newestTradeTime";

    private final long partialBarMs;

    /** @param partialBarMs the window partial bars are folded to; 1 folds only trades of the same millisecond */
    public DecodeTradeRecords(long partialBarMs) {
        if (partialBarMs <= 0) {
            throw new IllegalArgumentException("partial bar window must be positive: " + partialBarMs);
        }
        this.partialBarMs = partialBarMs;
    }

    private transient Counter recordsDecoded;
    private transient Counter tradesDecoded;
    private transient Counter partialBars;
    private transient Counter recordsRejected;
    private transient Counter tradesRejected;
    private transient Map<RejectReason, Counter> byReason;
    private transient SparseLog rejectionLog;
    private transient long newestTradeMs;

    @Override
    public void open(OpenContext openContext) {
        register(BarsMetrics.group(getRuntimeContext().getMetricGroup()));
    }

    /** Registers the counters; separate from {@link #open} so that a test can use its own group. */
    void register(MetricGroup metrics) {
        recordsDecoded = metrics.counter(RECORDS_DECODED, new SimpleCounter());
        tradesDecoded = metrics.counter("tradesDecoded", new SimpleCounter());
        partialBars = metrics.counter("partialBars", new SimpleCounter());
        recordsRejected = metrics.counter(BarsMetrics.RECORDS_REJECTED, new SimpleCounter());
        tradesRejected = metrics.counter(BarsMetrics.TRADES_REJECTED, new SimpleCounter());
        MetricGroup reasons = metrics.addGroup("rejected");
        byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            byReason.put(reason, reasons.counter(reason.key(), new SimpleCounter()));
        }
        rejectionLog = new SparseLog(LOG, SparseLog.DEFAULT_INTERVAL_MS);
        newestTradeMs = 0; // none yet
        metrics.<Long, Gauge<Long>>gauge(NEWEST_TRADE_TIME, () -> newestTradeMs);
    }

    @Override
    public void flatMap(byte[] record, Collector<PartialBar> out) {
        TradeRecordFormat.Decoded decoded;
        try {
            decoded = TradeRecordFormat.decode(record);
        } catch (TradeRecordFormat.MalformedRecordException e) {
            recordsRejected.inc();
            reject(e.rejection(), "record");
            return;
        }
        recordsDecoded.inc();
        PartialBar partial = null;
        long partialStart = 0;
        int count = decoded.trades().size();
        long now = System.currentTimeMillis();
        int accepted = 0;
        for (Trade trade : decoded.trades()) {
            Rejection ahead = TradeRules.checkNotAhead(trade.timeMs(), now);
            if (ahead != null) {
                tradesRejected.inc();
                reject(ahead, "trade of " + decoded.symbol());
                continue;
            }
            accepted++;
            newestTradeMs = Math.max(newestTradeMs, trade.timeMs());
            long start = WindowSizes.windowStart(trade.timeMs(), partialBarMs);
            if (partial == null || start != partialStart) {
                if (partial != null) {
                    emit(partial, out);
                }
                partial = new PartialBar(decoded.symbol());
                partialStart = start;
            }
            partial.addKept(trade.timeMs(), trade.seq(), trade.price(), trade.volume(), count);
        }
        if (partial != null) {
            emit(partial, out);
        }
        tradesDecoded.inc(accepted);
        for (Rejection rejection : decoded.rejected()) {
            tradesRejected.inc();
            reject(rejection, "trade of " + decoded.symbol());
        }
    }

    private void emit(PartialBar partial, Collector<PartialBar> out) {
        partial.trimKept();
        out.collect(partial);
        partialBars.inc();
    }

    private void reject(Rejection rejection, String what) {
        byReason.get(rejection.reason()).inc();
        rejectionLog.warn(System.currentTimeMillis(), "skipped a bad {}: {}", what, rejection);
    }

    long recordsDecoded() {
        return recordsDecoded.getCount();
    }

    long partialBars() {
        return partialBars.getCount();
    }

    long tradesDecoded() {
        return tradesDecoded.getCount();
    }

    long recordsRejected() {
        return recordsRejected.getCount();
    }

    long tradesRejected() {
        return tradesRejected.getCount();
    }

    long rejected(RejectReason reason) {
        return byReason.get(reason).getCount();
    }
}
