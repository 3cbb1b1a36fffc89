package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live-like feed through the whole local pipeline: a short recording replayed in real time
 * with a pause longer than close-after-quiet, under {@code --windows 1m,5m}, trading resuming
 * inside the same 5-minute window after the pause. Every 1m and 5m bar equals the bar of its
 * trades computed here, and {@code --until-drained} finishes.
 */
class LocalQuietReplayITCase {

    private static final String SYMBOL = "BINANCE:BTCUSDT";
    /** Reads JSON numbers as the decimals they spell, not as doubles. */
    private static final ObjectMapper EXACT =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** A minute into a 5-minute window, so that window's end is 4 minutes after the pause. */
    private static final long MINUTE = 1_704_205_800_000L + 60_000;

    @Test
    void aPauseLongerThanCloseAfterQuietLosesNoTrade(@TempDir Path work) throws Exception {
        List<FeedTrade> trades = new ArrayList<>();
        int n = 0;
        for (long t = MINUTE - 8_000; t <= MINUTE - 4_000; t += 500) {
            trades.add(trade(t, n++));
        }
        // 6 s without trades (close-after-quiet is 2 s), then trading resumes in the next minute
        for (long t = MINUTE + 2_000; t <= MINUTE + 6_000; t += 500) {
            trades.add(trade(t, n++));
        }
        Path recording = work.resolve("quiet.jsonl");
        List<String> frames =
                trades.stream().map(t -> FinnhubCodec.tradeFrame(List.of(t))).toList();
        Files.write(recording, frames, StandardCharsets.UTF_8);

        ExportedRun run = ExportedRun.local(
                work,
                "--replay",
                recording.toString(),
                "--windows",
                "1m,5m",
                "--close-bars-after",
                "2s",
                "--timeout",
                "3m");

        assertThat(run.exitCode).as(run.errors).isZero();
        assertThat(run.summary().path("trades_stored").asLong()).isEqualTo(trades.size());
        List<JsonNode> bars = new ArrayList<>();
        for (String window : List.of("1m", "5m")) {
            ExportedRun query = ExportedRun.run(
                    work,
                    "query",
                    "bars",
                    SYMBOL,
                    "--window",
                    window,
                    "--work-dir",
                    work.resolve("run").toString(),
                    "--json");
            assertThat(query.exitCode).as(query.errors).isZero();
            for (String line :
                    query.output.lines().filter(l -> l.startsWith("{")).toList()) {
                bars.add(EXACT.readTree(line));
            }
        }
        assertThat(bars).hasSize(3);
        assertBar(bars, "1m", MINUTE - 60_000, trades);
        assertBar(bars, "1m", MINUTE, trades);
        assertBar(bars, "5m", MINUTE - 60_000, trades);
    }

    private static FeedTrade trade(long t, int n) {
        return new FeedTrade(
                SYMBOL,
                t,
                BigDecimal.valueOf(4_300_000 + 37L * (n % 7) - 11L * n, 2),
                BigDecimal.valueOf(12_345_678L + 1_000_001L * n, 8),
                List.of());
    }

    /** The bar of the trades in [start, start + size), computed from the trades alone. */
    private static void assertBar(List<JsonNode> bars, String window, long start, List<FeedTrade> trades) {
        long size = window.equals("1m") ? 60_000 : 300_000;
        List<FeedTrade> in = trades.stream()
                .filter(t -> t.timeMs() >= start && t.timeMs() < start + size)
                .toList();
        JsonNode bar = bars.stream()
                .filter(b -> b.path("window").asText().equals(window)
                        && b.path("window_start_ms").asLong() == start)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + window + " bar at " + start + " in " + bars));
        BigDecimal volume = in.stream().map(FeedTrade::volume).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal turnover =
                in.stream().map(t -> t.price().multiply(t.volume())).reduce(BigDecimal.ZERO, BigDecimal::add);
        String what = window + " bar at " + start;
        assertThat(bar.path("trades").asLong()).as(what + " trades").isEqualTo(in.size());
        assertThat(bar.path("open").decimalValue())
                .as(what + " open")
                .isEqualByComparingTo(in.get(0).price());
        assertThat(bar.path("close").decimalValue())
                .as(what + " close")
                .isEqualByComparingTo(in.get(in.size() - 1).price());
        assertThat(bar.path("high").decimalValue())
                .as(what + " high")
                .isEqualByComparingTo(in.stream()
                        .map(FeedTrade::price)
                        .reduce(BigDecimal::max)
                        .orElseThrow());
        assertThat(bar.path("low").decimalValue())
                .as(what + " low")
                .isEqualByComparingTo(in.stream()
                        .map(FeedTrade::price)
                        .reduce(BigDecimal::min)
                        .orElseThrow());
        assertThat(Decimals.text(bar.path("volume").decimalValue()))
                .as(what + " volume")
                .isEqualTo(Decimals.text(volume));
        assertThat(Decimals.text(bar.path("vwap").decimalValue()))
                .as(what + " vwap")
                .isEqualTo(Decimals.text(Decimals.vwap(turnover, volume)));
    }
}
