package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FrameRecording;
import dev.tradelake.model.Trade;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ingest between a test WebSocket feed and the Kinesis emulator. */
@ExtendWith(LocalAwsExtension.class)
class IngestFeedITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> SYMBOLS = SyntheticMarket.symbols();

    private static IngestConfig config(
            LocalAws aws, TestFeedServer server, String stream, Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(IngestConfig.feedArgs(server.uri(), SYMBOLS, stream));
        args.addAll(List.of(
                "--kinesis-endpoint",
                aws.kinesisEndpoint().toString(),
                "--record-linger-ms",
                "20",
                "--progress-interval",
                "1s"));
        args.addAll(List.of(more));
        return IngestConfig.parse(env, args);
    }

    static void awaitCount(LongSupplier count, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + count.getAsLong() + " of " + expected + " after " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    static void assertStreamHoldsExactly(LocalAws aws, String stream, List<FeedTrade> received) throws Exception {
        StreamContents contents = StreamContents.read(aws.kinesis(), stream);
        assertThat(contents.problems()).isEmpty();
        Set<String> ids = new HashSet<>();
        for (Trade t : contents.trades()) {
            ids.add(t.id().toString());
        }
        assertThat(ids).as("distinct trade ids").hasSize(contents.trades().size());
        // Every trade exactly once, with the id its arrival order gives it.
        TestTrades.assertSameRows(TestTrades.rows(contents.trades()), TestTrades.identified(received));
    }

    @Test
    void everyGoodTradeReachesTheStreamOnceAndEveryRejectIsCounted(LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = LocalAws.uniqueName("ingest-good-bad");
        aws.createStream(stream, 2);
        List<FeedTrade> good = TestTrades.synthetic(1, 3_000, 1_700_000_000_000L);
        List<String> frames = new ArrayList<>();
        int badEntries = 0;
        int frameNo = 0;
        for (String frame : TestTrades.frames(good, 40)) {
            if (frameNo++ % 3 == 0) {
                // Bad entries beside good ones: the good ones of the frame must still be kept.
                frame = frame.replace(
                        "\"data\":[",
                        "\"data\":[{\"p\":-1,\"s\":\"SPY\",\"t\":1,\"v\":1},null,"
                                + "{\"p\":1,\"s\":\"SPY\",\"t\":\"soon\",\"v\":1},");
                badEntries += 3;
            }
            frames.add(frame);
            if (frameNo % 10 == 0) {
                frames.add("{\"type\":\"trade\",\"data\":[{\"p\":1,");
                frames.add("{\"type\":\"news\",\"data\":[]}");
                frames.add(FinnhubCodec.ping());
            }
        }
        int wholeFramesBad = 2 * (frameNo / 10);
        Path recording = dir.resolve("frames.jsonl.gz");
        Path metricsFile = dir.resolve("metrics.json");

        try (TestFeedServer server = TestFeedServer.start(WAIT);
                IngestService ingest = new IngestService(config(
                        aws,
                        server,
                        stream,
                        Map.of(),
                        "--max-trades-per-record",
                        "100",
                        "--record-frames",
                        recording.toString(),
                        "--metrics-file",
                        metricsFile.toString()))) {
            ingest.start();
            TestFeedServer.Client client = server.awaitConnection(WAIT);
            client.awaitSubscribed(SYMBOLS, WAIT);
            frames.forEach(client::send);
            awaitCount(() -> ingest.metrics().tradesAccepted(), good.size(), "trades accepted");

            assertThat(ingest.stop()).isTrue();

            IngestMetrics.Snapshot m = ingest.metrics();
            assertThat(m.frames()).isEqualTo(frames.size());
            assertThat(m.tradesAccepted()).isEqualTo(good.size());
            assertThat(m.tradesWritten()).isEqualTo(good.size());
            assertThat(m.bufferedTrades()).isZero();
            assertThat(m.rejectsByReason())
                    .containsOnly(
                            entry("bad_price", (long) badEntries / 3),
                            entry("entry_not_object", (long) badEntries / 3),
                            entry("bad_time", (long) badEntries / 3),
                            entry("malformed_json", (long) wholeFramesBad / 2),
                            entry("unknown_type", (long) wholeFramesBad / 2));
            assertThat(m.recordsWritten()).isGreaterThanOrEqualTo(good.size() / 100);
            assertThat(MetricsFile.read(metricsFile).orElseThrow().metrics())
                    .as("the metrics file after the stop")
                    .isEqualTo(m);
        }
        assertStreamHoldsExactly(aws, stream, good);
        try (InputStream in = Files.newInputStream(recording)) {
            assertThat(FrameRecording.frames(in)).as("the frame recording").isEqualTo(frames);
        }
    }

    @Test
    void reconnectsAfterARefusalADropAndSilenceAndNeverPrintsTheToken(LocalAws aws) throws Exception {
        String token = "sEcReT-" + System.nanoTime();
        String stream = LocalAws.uniqueName("ingest-reconnect");
        aws.createStream(stream, 1);
        List<FeedTrade> first = TestTrades.synthetic(2, 500, 1_700_000_000_000L);
        // Each batch starts in the millisecond where the previous one ended: seqs must continue.
        List<FeedTrade> second =
                TestTrades.synthetic(3, 500, first.get(first.size() - 1).timeMs());
        List<FeedTrade> third =
                TestTrades.synthetic(4, 500, second.get(second.size() - 1).timeMs());
        List<FeedTrade> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        try (TestFeedServer server = TestFeedServer.start(WAIT);
                IngestService ingest = new IngestService(
                        config(
                                aws,
                                server,
                                stream,
                                Map.of(IngestConfig.Env.TOKEN, token),
                                "--silence-timeout",
                                "2s",
                                "--reconnect-min",
                                "50ms",
                                "--reconnect-max",
                                "300ms"),
                        aws.kinesis())) {
            server.refuseHandshakes(1);
            ingest.start();

            TestFeedServer.Client one = server.awaitConnection(WAIT);
            assertThat(one.resource).isEqualTo("/?token=" + token);
            one.awaitSubscribed(SYMBOLS, WAIT);
            TestTrades.frames(first, 25).forEach(one::send);
            awaitCount(() -> ingest.metrics().tradesAccepted(), first.size(), "first batch");
            one.drop();

            TestFeedServer.Client two = server.awaitConnection(WAIT);
            two.awaitSubscribed(SYMBOLS, WAIT);
            TestTrades.frames(second, 25).forEach(two::send);
            awaitCount(() -> ingest.metrics().tradesAccepted(), first.size() + second.size(), "second batch");
            // ... and now the feed says nothing at all, leaving the socket open.

            TestFeedServer.Client three = server.awaitConnection(WAIT);
            three.awaitSubscribed(SYMBOLS, WAIT);
            TestTrades.frames(third, 25).forEach(three::send);
            awaitCount(() -> ingest.metrics().tradesAccepted(), all.size(), "third batch");

            assertThat(ingest.stop()).isTrue();
            IngestMetrics.Snapshot m = ingest.metrics();
            assertThat(m.connections()).isGreaterThanOrEqualTo(3);
            assertThat(m.silentDisconnects()).isGreaterThanOrEqualTo(1);
            assertThat(m.reconnects()).isGreaterThanOrEqualTo(3); // after the refusal, the drop, the silence
            assertThat(m.tradesWritten()).isEqualTo(all.size());
        } finally {
            System.setErr(originalErr);
        }
        assertStreamHoldsExactly(aws, stream, all);

        String printed = log.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("token=" + Redaction.MASK).contains("treating the connection as dead");
        assertThat(printed).doesNotContain(token);
    }

    /** Writes to the console and keeps a copy for the test. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
