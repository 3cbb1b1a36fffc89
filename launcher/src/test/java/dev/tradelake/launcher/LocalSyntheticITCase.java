package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local pipeline on the synthetic market, which needs no shared data: a fresh clone's
 * test run covers every stage. What should be stored is computed from the same seed.
 */
class LocalSyntheticITCase {

    private static final long SEED = 7;
    private static final int COUNT = 30_000;

    @Test
    void storesEverySyntheticTradeAndItsBars(@TempDir Path work) throws Exception {
        ExportedRun run = ExportedRun.local(
                work, "--seed", Long.toString(SEED), "--count", Integer.toString(COUNT), "--speed", "max");

        assertThat(run.exitCode).as(run.errors).isZero();
        assertThat(run.output).containsPattern("(?m)^datalake: dashboard at http://127\\.0\\.0\\.1:\\d+/$");
        JsonNode summary = run.summary();
        System.out.println("synthetic end to end: " + summary);
        assertThat(summary.path("trades_accepted").asLong()).isEqualTo(COUNT);
        assertThat(summary.path("trades_stored").asLong()).isEqualTo(COUNT);
        assertThat(summary.path("latency_ms").path("p99").asLong()).isPositive();

        List<FeedTrade> sent = SyntheticMarket.trades(SEED, COUNT);
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> identified =
                sent.stream().map(t -> sequencer.identify(t, 0)).toList();
        List<ExportedRun.CsvTrade> stored = run.trades();
        assertThat(stored)
                .extracting(ExportedRun.CsvTrade::id)
                .containsExactlyInAnyOrderElementsOf(
                        identified.stream().map(t -> t.id().toString()).toList());
        // Every stored volume is the decimal the feed sent, digit for digit.
        Map<String, BigDecimal> sentVolumes =
                identified.stream().collect(Collectors.toMap(t -> t.id().toString(), Trade::volume));
        assertThat(stored).allSatisfy(t -> assertThat(t.volume()).as(t.id()).isEqualTo(sentVolumes.get(t.id())));
        assertThat(stored).anySatisfy(t -> assertThat(t.volume().scale()).isEqualTo(6));

        List<Bar> expected = PlainBars.compute(TradeRecords.pack(identified, 100), List.of(60_000L)).values().stream()
                .sorted(Comparator.comparing(Bar::symbol).thenComparingLong(Bar::windowStartMs))
                .toList();
        List<ExportedRun.CsvBar> bars = run.bars();
        assertThat(bars).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Bar e = expected.get(i);
            ExportedRun.CsvBar a = bars.get(i);
            String bar = e.symbol() + " @ " + e.windowStartMs();
            assertThat(a.symbol()).as(bar).isEqualTo(e.symbol());
            assertThat(a.windowStartMs()).as(bar).isEqualTo(e.windowStartMs());
            assertThat(List.of(a.open(), a.high(), a.low(), a.close()))
                    .as(bar)
                    .containsExactly(e.open(), e.high(), e.low(), e.close());
            assertThat(a.trades()).as(bar).isEqualTo(e.trades());
            // The exact decimal sum, computed here from the trades sent, digit for digit.
            assertThat(a.volume()).as(bar + " volume").isEqualTo(exactVolume(sent, e.symbol(), e.windowStartMs()));
            if (e.vwap().isPresent()) {
                assertThat(a.vwap()).as(bar + " vwap").isEqualTo(e.vwap().get().setScale(10, RoundingMode.HALF_UP));
            } else {
                assertThat(a.vwap()).as(bar + " vwap").isNull();
            }
        }

        // After the run the tables stay in the work directory: query reads them from there.
        Path runDir = work.resolve("run");
        String symbol = stored.get(0).symbol();
        long aMinute = expected.get(0).windowStartMs();
        ExportedRun trades = ExportedRun.run(
                work,
                "query",
                "trades",
                symbol,
                "--work-dir",
                runDir.toString(),
                "--from",
                Long.toString(aMinute),
                "--to",
                Long.toString(aMinute + 59_999),
                "--json",
                "--limit",
                "100000");
        assertThat(trades.exitCode).as(trades.errors).isZero();
        long expectedInMinute = stored.stream()
                .filter(t -> t.symbol().equals(symbol) && t.timeMs() >= aMinute && t.timeMs() < aMinute + 60_000)
                .count();
        assertThat(trades.output.lines().filter(l -> l.startsWith("{"))).hasSize((int) expectedInMinute);

        ExportedRun barsQuery = ExportedRun.run(
                work, "query", "bars", symbol, "--window", "1m", "--work-dir", runDir.toString(), "--json");
        assertThat(barsQuery.exitCode).as(barsQuery.errors).isZero();
        assertThat(barsQuery.output.lines().filter(l -> l.startsWith("{"))).hasSize((int)
                expected.stream().filter(b -> b.symbol().equals(symbol)).count());
    }

    /** The exact sum of the volumes the feed sent for one symbol's minute, from the trades alone. */
    private static BigDecimal exactVolume(List<FeedTrade> sent, String symbol, long windowStartMs) {
        BigDecimal sum = BigDecimal.ZERO;
        for (FeedTrade t : sent) {
            if (t.symbol().equals(symbol) && t.timeMs() >= windowStartMs && t.timeMs() < windowStartMs + 60_000) {
                sum = sum.add(t.volume());
            }
        }
        return Decimals.canonical(sum);
    }
}
