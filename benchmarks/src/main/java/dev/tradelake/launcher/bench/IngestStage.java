package dev.tradelake.launcher.bench;

import dev.tradelake.ingest.IngestConfig;
import dev.tradelake.ingest.IngestMetrics;
import dev.tradelake.ingest.IngestService;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.feed.FeedSource;
import dev.tradelake.local.feed.LocalFinnhubFeed;
import dev.tradelake.local.feed.Pace;
import dev.tradelake.model.Percentiles;
import dev.tradelake.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The ingest at full speed: the local Finnhub-compatible feed sends every trade as fast as the
 * ingest reads, the ingest parses, packs and writes them to the Kinesis emulator. Next to it, in
 * the same run and into the same emulator, bare PutRecords loops of prebuilt records: of one trade
 * each (what a record per trade could reach at best) and of as many trades as the ingest packed.
 */
public final class IngestStage {

    static final String STAGE = Stage.INGEST.label();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private IngestStage() {}

    /** What one pass of the ingest did, timed from the first frame sent to the last trade written. */
    record Pass(long trades, long records, double seconds, IngestMetrics.Snapshot metrics, int putConcurrency) {
        double tradesPerSecond() {
            return trades / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }

        double tradesPerRecord() {
            return (double) trades / Math.max(1, records);
        }
    }

    public static List<Figure> run(BenchContext ctx) throws Exception {
        LocalAws aws = ctx.aws();
        BenchData data = ctx.data();
        // The JIT keeps compiling the ingest's paths for a few hundred thousand trades: passes before
        // that run up to twice slower, and a median over them would drift from run to run.
        int warmUps = ctx.quick() ? 1 : 4;
        int rounds = ctx.quick() ? 1 : 5;
        ctx.say("ingest: %d warm-up pass(es), %s", warmUps, data.describe());
        for (int w = 0; w < warmUps; w++) {
            pass(aws, data::source, data.symbols());
        }
        ctx.say("ingest: %d measured pass(es), %s", rounds, data.describe());
        List<Pass> passes = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            passes.add(pass(aws, data::source, data.symbols()));
        }
        List<Long> inOrder =
                passes.stream().map(p -> Math.round(p.tradesPerSecond())).toList();
        Pass ingest = Percentiles.median(passes, Comparator.comparingDouble(Pass::tradesPerSecond));
        ctx.say(
                "ingest: %,.0f trades/s, %,.0f records/s (%.0f trades per record; median of %d)",
                ingest.tradesPerSecond(), ingest.recordsPerSecond(), ingest.tradesPerRecord(), rounds);

        List<Trade> trades = data.trades();
        int threads = ingest.putConcurrency();
        int packed = (int) Math.max(1, Math.min(500, Math.round(ingest.tradesPerRecord())));
        List<PutRecordsLoop.Entry> packedRecords =
                repeated(PutRecordsLoop.pack(trades, packed), ctx.quick() ? 500_000 : 1_500_000);
        List<PutRecordsLoop.Entry> single =
                PutRecordsLoop.pack(trades.subList(0, Math.min(trades.size(), ctx.quick() ? 15_000 : 40_000)), 1);
        // Warm the loop's own code path, then measure each shape, interleaved, and keep the medians.
        bare(aws, single.subList(0, Math.min(single.size(), 5_000)), threads);
        List<PutRecordsLoop.Rate> packedRates = new ArrayList<>();
        List<PutRecordsLoop.Rate> singleRates = new ArrayList<>();
        for (int r = 0; r < Math.min(rounds, 3); r++) {
            packedRates.add(bare(aws, packedRecords, threads));
            singleRates.add(bare(aws, single, threads));
        }
        PutRecordsLoop.Rate packedRate = median(packedRates);
        PutRecordsLoop.Rate singleRate = median(singleRates);
        ctx.say(
                "ingest: bare PutRecords with %d calls in flight: %,.0f trades/s in records of %d trades,"
                        + " %,.0f records/s of one trade",
                threads, packedRate.tradesPerSecond(), packed, singleRate.recordsPerSecond());

        // The journal alone, on the same trades: appended in frames of 40 and fsynced every 50
        // frames (about what 200 ms holds at full speed), then read back and decoded.
        java.nio.file.Path journalDir = java.nio.file.Files.createTempDirectory("bench-journal-");
        List<Double> journalRates = new ArrayList<>();
        try {
            for (int r = 0; r < Math.max(1, Math.min(rounds, 3)); r++) {
                journalRates.add(dev.tradelake.ingest.JournalProbe.tradesPerSecond(trades, 40, 50, journalDir));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(journalDir);
        }
        double journalRate = Percentiles.median(journalRates, Double::compare);
        ctx.say(
                "ingest: the journal alone (append in frames of 40, fsync every 50, read back): %,.0f trades/s",
                journalRate);

        double bytesPerTrade =
                packedRecords.stream().mapToLong(e -> e.data().length).sum()
                        / (double) packedRecords.stream()
                                .mapToLong(PutRecordsLoop.Entry::trades)
                                .sum();
        double bytesSingle = single.stream().mapToLong(e -> e.data().length).sum() / (double) single.size();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("input", data.describe());
        details.put("trades", ingest.trades());
        details.put("records", ingest.records());
        details.put("seconds", ingest.seconds());
        details.put("median_of", rounds);
        details.put("all_passes_trades_per_second", inOrder);
        details.put("trades_per_record", Math.round(ingest.tradesPerRecord() * 10) / 10.0);
        details.put("put_requests", ingest.metrics().putRequests());
        details.put("put_latency_p50_ms", ingest.metrics().putLatencyP50Ms());
        details.put("put_latency_p99_ms", ingest.metrics().putLatencyP99Ms());
        details.put("feed_held_back_ms", ingest.metrics().feedBlockedMs());
        details.put("rejected", ingest.metrics().tradesRejected());
        details.put("put_concurrency", threads);
        details.put("record_bytes_per_trade_packed", Math.round(bytesPerTrade * 10) / 10.0);
        details.put("record_bytes_one_trade", Math.round(bytesSingle));
        details.put("bare_loop_packed_records", packedRate.records());
        details.put("bare_loop_single_records", singleRate.records());

        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(
                        STAGE,
                        "ingest_trades_per_second",
                        "feed -> ingest -> Kinesis",
                        ingest.tradesPerSecond(),
                        "trades/s")
                .against(Figure.Reference.ceiling(
                        "bare PutRecords, " + packed + " trades/record", packedRate.tradesPerSecond()))
                .target(Figure.Target.atLeast(100_000, ">= 100,000 trades/s"))
                .details(details));
        figures.add(Figure.of(
                        STAGE,
                        "ingest_records_per_second",
                        "Kinesis records written",
                        ingest.recordsPerSecond(),
                        "records/s")
                .against(Figure.Reference.ceiling(
                        "bare PutRecords, " + packed + " trades/record", packedRate.recordsPerSecond())));
        figures.add(Figure.of(
                        STAGE,
                        "ingest_journal_trades_per_second",
                        "journal alone: append (fsync every 50 frames) + read back",
                        journalRate,
                        "trades/s")
                .against(Figure.Reference.baseline(
                        "feed -> ingest -> Kinesis, journal included", ingest.tradesPerSecond())));
        figures.add(Figure.of(
                        STAGE,
                        "ingest_vs_one_trade_per_record",
                        "feed -> ingest -> Kinesis",
                        ingest.tradesPerSecond(),
                        "trades/s")
                .against(Figure.Reference.baseline("bare PutRecords, 1 trade/record", singleRate.tradesPerSecond())));
        return figures;
    }

    /**
     * The records sent over again until they hold at least {@code minTrades} trades: a single pass
     * of a day in records of 500 trades takes well under a second, too short to time on a shared machine.
     */
    static List<PutRecordsLoop.Entry> repeated(List<PutRecordsLoop.Entry> entries, long minTrades) {
        long trades = entries.stream().mapToLong(PutRecordsLoop.Entry::trades).sum();
        int copies = (int) Math.max(1, (minTrades + trades - 1) / Math.max(1, trades));
        List<PutRecordsLoop.Entry> out = new ArrayList<>(entries.size() * copies);
        for (int c = 0; c < copies; c++) {
            out.addAll(entries);
        }
        return out;
    }

    private static PutRecordsLoop.Rate median(List<PutRecordsLoop.Rate> rates) {
        return Percentiles.median(rates, Comparator.comparingDouble(PutRecordsLoop.Rate::tradesPerSecond));
    }

    private static PutRecordsLoop.Rate bare(LocalAws aws, List<PutRecordsLoop.Entry> entries, int threads) {
        String stream = LocalAws.uniqueName("bench-bare");
        aws.createStream(stream, 1);
        try {
            return PutRecordsLoop.run(aws.kinesis(), stream, entries, threads);
        } finally {
            deleteStream(aws, stream);
        }
    }

    /** Sends {@code source} through the local feed and a new ingest into a new one-shard stream, as {@code ./datalake local}. */
    static Pass pass(LocalAws aws, Supplier<FeedSource> source, List<String> symbols) throws Exception {
        String stream = LocalAws.uniqueName("bench-ingest");
        aws.createStream(stream, 1);
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                        .source(source.get())
                        .pace(Pace.max())
                        .startWhenSubscribed(symbols)
                        .build()
                        .start();
                IngestService ingest = new IngestService(
                        IngestConfig.parse(
                                Map.of(),
                                Stream.concat(
                                                IngestConfig.feedArgs(feed.uri(), symbols, stream).stream(),
                                                Stream.of(
                                                        "--region", LocalAws.REGION.id(),
                                                        "--kinesis-endpoint",
                                                                aws.kinesisEndpoint()
                                                                        .toString(),
                                                        "--progress-interval", "1d"))
                                        .toList()),
                        aws.kinesis())) {
            ingest.start();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            await("the feed's first frame", deadline, 1, () -> feed.stats().framesSent() > 0);
            long start = System.nanoTime();
            await("the feed to send everything", deadline, 2, feed::isFinished);
            long sent = feed.stats().tradesSent();
            await("the ingest to read everything", deadline, 2, () -> {
                IngestMetrics.Snapshot m = ingest.metrics();
                return m.tradesAccepted() + m.tradesRejected() >= sent;
            });
            long accepted = ingest.metrics().tradesAccepted();
            await(
                    "the ingest to write everything",
                    deadline,
                    1,
                    () -> ingest.metrics().tradesWritten() >= accepted);
            double seconds = (System.nanoTime() - start) / 1e9;
            IngestMetrics.Snapshot m = ingest.metrics();
            if (m.failure() != null) {
                throw new IllegalStateException("the ingest failed: " + m.failure());
            }
            ingest.stop(Duration.ofSeconds(30));
            return new Pass(
                    m.tradesWritten(),
                    m.recordsWritten(),
                    seconds,
                    m,
                    ingest.config().putConcurrency());
        } finally {
            deleteStream(aws, stream);
        }
    }

    private static void deleteStream(LocalAws aws, String stream) {
        try {
            aws.kinesis().deleteStream(b -> b.streamName(stream));
        } catch (RuntimeException e) {
            // the emulator forgets it when it stops anyway
        }
    }

    static void await(String what, long deadlineNanos, long pollMs, BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(pollMs);
        }
    }
}
