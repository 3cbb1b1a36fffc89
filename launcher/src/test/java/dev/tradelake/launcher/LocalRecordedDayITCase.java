package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradelake.model.testing.RecordedDay;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded day through the whole local pipeline, as {@code ./datalake local --replay FILE
 * --speed max --until-drained --export DIR} runs it: every trade stored, every bar equal to the
 * reference. Skipped when {@code ../shared/data} is absent.
 */
class LocalRecordedDayITCase {

    @Test
    void storesEveryTradeAndTheReferenceBars(@TempDir Path work) throws Exception {
        RecordedDay.assumePresent();
        Path frames = RecordedDay.framesFile().orElseThrow();

        ExportedRun run = ExportedRun.local(work, "--replay", frames.toString(), "--speed", "max");

        assertThat(run.exitCode).as(run.errors).isZero();
        JsonNode summary = run.summary();
        System.out.println("recorded day end to end: " + summary);
        assertThat(summary.path("trades_accepted").asLong()).isEqualTo(RecordedDay.TOTAL_TRADES);
        assertThat(summary.path("trades_rejected_total").asLong()).isZero();
        assertThat(summary.path("trades_stored").asLong()).isEqualTo(RecordedDay.TOTAL_TRADES);

        List<ExportedRun.CsvTrade> trades = run.trades();
        assertThat(trades).hasSize(RecordedDay.TOTAL_TRADES);
        assertThat(trades.stream().map(ExportedRun.CsvTrade::id).distinct().count())
                .isEqualTo(RecordedDay.TOTAL_TRADES);
        Map<String, Long> counts =
                trades.stream().collect(Collectors.groupingBy(ExportedRun.CsvTrade::symbol, Collectors.counting()));
        Map<String, Double> volumes = trades.stream()
                .collect(Collectors.groupingBy(
                        ExportedRun.CsvTrade::symbol,
                        Collectors.summingDouble(t -> t.volume().doubleValue())));
        RecordedDay.totals().forEach((symbol, totals) -> {
            assertThat(counts.get(symbol)).as(symbol + " trades").isEqualTo(totals.trades());
            assertThat(volumes.get(symbol)).as(symbol + " volume").isEqualTo(totals.volume());
        });

        assertBarsEqualReference(run.bars(), RecordedDay.bars1m());
    }

    static void assertBarsEqualReference(List<ExportedRun.CsvBar> actual, List<RecordedDay.ReferenceBar> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RecordedDay.ReferenceBar e = expected.get(i);
            ExportedRun.CsvBar a = actual.get(i);
            String bar = e.symbol() + " @ " + e.windowStartMs();
            assertThat(a.symbol()).as(bar).isEqualTo(e.symbol());
            assertThat(a.windowStartMs()).as(bar).isEqualTo(e.windowStartMs());
            assertThat(a.open()).as(bar + " open").isEqualByComparingTo(BigDecimal.valueOf(e.open()));
            assertThat(a.high()).as(bar + " high").isEqualByComparingTo(BigDecimal.valueOf(e.high()));
            assertThat(a.low()).as(bar + " low").isEqualByComparingTo(BigDecimal.valueOf(e.low()));
            assertThat(a.close()).as(bar + " close").isEqualByComparingTo(BigDecimal.valueOf(e.close()));
            assertThat(a.volume()).as(bar + " volume").isEqualByComparingTo(BigDecimal.valueOf(e.volume()));
            assertThat(a.trades()).as(bar + " trades").isEqualTo(e.trades());
            if (e.vwap() == null) {
                assertThat(a.vwap()).as(bar + " vwap").isNull();
            } else {
                assertThat(a.vwap().doubleValue())
                        .as(bar + " vwap")
                        .isCloseTo(e.vwap(), within(Math.abs(e.vwap()) * 1e-9));
            }
        }
    }
}
