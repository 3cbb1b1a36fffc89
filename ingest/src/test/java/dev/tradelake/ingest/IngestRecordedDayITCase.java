package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.aws.ProjectHome;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.FrameRecording;
import dev.tradelake.model.Trade;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recorded trading day in {@code ../shared/data}, sent as fast as the ingest reads it, into
 * the Kinesis emulator: every one of its 388,417 trades must be in the stream exactly once.
 * Skipped when the data is absent (a fresh clone without {@code ../shared}).
 */
@ExtendWith(LocalAwsExtension.class)
class IngestRecordedDayITCase {

    private static final String DAY = "trades-2013-10-07";
    private static final int DAY_TRADES = 388_417;

    private static Path sharedData(String file) {
        return ProjectHome.find()
                .map(home -> home.resolve("../shared/data").resolve(file).normalize())
                .orElse(null);
    }

    @Test
    void theWholeDayArrivesExactlyOnce(LocalAws aws) throws Exception {
        Path recording = sharedData(DAY + ".finnhub.jsonl.gz");
        Path totals = sharedData(DAY + ".totals.csv");
        assumeTrue(
                recording != null && Files.exists(recording) && Files.exists(totals),
                "the recorded day is not in ../shared/data");
        List<String> frames;
        try (InputStream in = Files.newInputStream(recording)) {
            frames = FrameRecording.frames(in);
        }
        List<FeedTrade> sent = new ArrayList<>(DAY_TRADES);
        for (String frame : frames) {
            if (FinnhubCodec.parse(frame) instanceof FinnhubFrame.Trades t) {
                sent.addAll(t.trades());
            }
        }
        assertThat(sent).hasSize(DAY_TRADES);
        List<String> symbols =
                sent.stream().map(FeedTrade::symbol).distinct().sorted().toList();

        // The JIT compiles the hot paths during the first pass: measure it, then a second pass.
        IngestMetrics.Snapshot first = replay(aws, frames, symbols, LocalAws.uniqueName("ingest-day-1"), "first pass");
        assertThat(first.tradesWritten()).isEqualTo(DAY_TRADES);
        String stream = LocalAws.uniqueName("ingest-day-2");
        IngestMetrics.Snapshot m = replay(aws, frames, symbols, stream, "second pass");
        assertThat(m.tradesAccepted()).isEqualTo(DAY_TRADES);
        assertThat(m.tradesRejected()).isZero();

        StreamContents contents = StreamContents.read(aws.kinesis(), stream);
        assertThat(contents.problems()).isEmpty();
        assertThat(contents.trades()).hasSize(DAY_TRADES);
        assertThat(contents.trades().stream()
                        .map(t -> t.id().toString())
                        .distinct()
                        .count())
                .isEqualTo(DAY_TRADES);
        Map<String, Long> perSymbol = contents.trades().stream()
                .collect(Collectors.groupingBy(Trade::symbol, TreeMap::new, Collectors.counting()));
        assertThat(perSymbol).isEqualTo(expectedCounts(totals));
        TestTrades.assertSameRows(TestTrades.rows(contents.trades()), TestTrades.identified(sent));
    }

    /** Sends every frame at once into a new ingest and waits until all trades are written. */
    private static IngestMetrics.Snapshot replay(
            LocalAws aws, List<String> frames, List<String> symbols, String stream, String label) throws Exception {
        aws.createStream(stream, 2);
        long elapsedNanos;
        IngestMetrics.Snapshot m;
        try (TestFeedServer server = TestFeedServer.start(Duration.ofSeconds(10));
                IngestService ingest = new IngestService(
                        IngestConfig.parse(
                                Map.of(),
                                Stream.concat(
                                                IngestConfig.feedArgs(server.uri(), symbols, stream).stream(),
                                                Stream.of("--progress-interval", "2s"))
                                        .toList()),
                        aws.kinesis())) {
            ingest.start();
            TestFeedServer.Client client = server.awaitConnection(Duration.ofSeconds(10));
            client.awaitSubscribed(symbols, Duration.ofSeconds(10));

            long start = System.nanoTime();
            frames.forEach(client::send);
            IngestFeedITCase.awaitCount(() -> ingest.metrics().tradesWritten(), DAY_TRADES, "trades written");
            elapsedNanos = System.nanoTime() - start;
            assertThat(ingest.stop()).isTrue();
            m = ingest.metrics();
        }
        double seconds = elapsedNanos / 1e9;
        System.out.printf(
                "recorded day, %s: %,d trades in %,d records in %.2f s: %,.0f trades/s, %,.0f records/s;"
                        + " %,d PutRecords calls, p50 %.0f ms, p99 %.0f ms, feed held back %,d ms%n",
                label,
                m.tradesWritten(),
                m.recordsWritten(),
                seconds,
                m.tradesWritten() / seconds,
                m.recordsWritten() / seconds,
                m.putRequests(),
                m.putLatencyP50Ms(),
                m.putLatencyP99Ms(),
                m.feedBlockedMs());
        return m;
    }

    /** {@code symbol,trades,volume,vwap} to symbol -> trades. */
    private static Map<String, Long> expectedCounts(Path totals) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(totals)) {
            String[] f = line.split(",");
            if (!f[0].equals("symbol")) {
                counts.put(f[0], Long.parseLong(f[1]));
            }
        }
        return counts;
    }
}
