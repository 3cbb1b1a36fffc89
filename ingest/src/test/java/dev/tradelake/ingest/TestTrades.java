package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Trades and frames for tests, and the form in which a test compares them with the stream. */
final class TestTrades {

    private TestTrades() {}

    /** A trade without its ingest time: what must reach the stream, id included. */
    record Row(String symbol, long timeMs, int seq, BigDecimal price, BigDecimal volume, List<String> conditions) {
        static Row of(Trade t) {
            return new Row(t.symbol(), t.timeMs(), t.seq(), t.price(), t.volume(), t.conditions());
        }
    }

    /**
     * The synthetic market's first {@code count} trades from {@code startMs} ({@link SyntheticMarket}):
     * bursts of same-millisecond trades, exact copies among them, fractional volumes and zero-volume
     * updates, over the symbols {@link SyntheticMarket#symbols()}.
     */
    static List<FeedTrade> synthetic(long seed, int count, long startMs) {
        return SyntheticMarket.builder().seed(seed).startMs(startMs).build().trades(count);
    }

    /** Finnhub trade frames of at most {@code perFrame} trades, in order. */
    static List<String> frames(List<FeedTrade> trades, int perFrame) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < trades.size(); i += perFrame) {
            frames.add(FinnhubCodec.tradeFrame(trades.subList(i, Math.min(trades.size(), i + perFrame))));
        }
        return frames;
    }

    /** What the stream must hold for these trades received in this order: each with its id. */
    static List<Row> identified(List<FeedTrade> received) {
        TradeSequencer sequencer = new TradeSequencer();
        List<Row> rows = new ArrayList<>(received.size());
        for (FeedTrade t : received) {
            rows.add(Row.of(sequencer.identify(t, 0)));
        }
        return rows;
    }

    /**
     * Asserts that both hold the same rows, each as many times (a multiset comparison in linear
     * time; AssertJ's containsExactlyInAnyOrder is quadratic at 388,417 rows). Reports a sample.
     */
    static void assertSameRows(List<Row> actual, List<Row> expected) {
        Map<Row, Integer> balance = new HashMap<>(expected.size() * 2);
        for (Row r : expected) {
            balance.merge(r, 1, Integer::sum);
        }
        for (Row r : actual) {
            balance.merge(r, -1, Integer::sum);
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<Row, Integer> e : balance.entrySet()) {
            if (e.getValue() != 0 && differences.size() < 10) {
                differences.add(
                        (e.getValue() > 0 ? "missing " : "extra ") + Math.abs(e.getValue()) + "x " + e.getKey());
            }
        }
        assertThat(differences)
                .as("stream vs expected (%d vs %d rows)", actual.size(), expected.size())
                .isEmpty();
        assertThat(actual).hasSameSizeAs(expected);
    }

    static List<Row> rows(List<Trade> trades) {
        List<Row> rows = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            rows.add(Row.of(t));
        }
        return rows;
    }
}
