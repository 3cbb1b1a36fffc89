package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Kinesis unreachable for a while (connections refused: the client is pointed at a closed port,
 * then back at the emulator) while the feed sends at a fixed rate. The ingest keeps reading every
 * frame (the journal takes them), and once Kinesis is back every trade sent is in the stream
 * exactly once. The outage lasts a minute ({@value #OUTAGE_SECONDS} s), 2,000 trades a second:
 * the in-memory buffer is full within a second, so for the rest of it only the journal keeps up.
 */
@ExtendWith(LocalAwsExtension.class)
class IngestKinesisOutageITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SYMBOLS = SyntheticMarket.symbols();
    private static final int OUTAGE_SECONDS = 60;
    private static final int TRADES_PER_FRAME = 20;
    private static final int FRAMES_PER_SECOND = 100;

    /** A Kinesis client whose calls go to whichever client is current: the emulator or a refusing port. */
    private static final class SwitchedKinesis implements KinesisClient {
        volatile KinesisClient target;

        SwitchedKinesis(KinesisClient target) {
            this.target = target;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            return target.putRecords(request);
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
            return target.describeStreamSummary(request);
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(Consumer<DescribeStreamSummaryRequest.Builder> b) {
            return describeStreamSummary(
                    DescribeStreamSummaryRequest.builder().applyMutation(b).build());
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    @Test
    void whileKinesisIsUnreachableTheFeedIsReadOnAndEveryTradeSentIsStoredOnce(LocalAws aws, @TempDir Path journal)
            throws Exception {
        String stream = LocalAws.uniqueName("ingest-outage");
        aws.createStream(stream, 1);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int frameCount = (OUTAGE_SECONDS + 4) * FRAMES_PER_SECOND;
        List<FeedTrade> sent = TestTrades.synthetic(9, frameCount * TRADES_PER_FRAME, 1_700_000_000_000L);
        List<String> frames = TestTrades.frames(sent, TRADES_PER_FRAME);
        SwitchedKinesis kinesis = new SwitchedKinesis(aws.kinesis());

        try (KinesisClient refused = LocalAws.configure(
                                KinesisClient.builder(), URI.create("http://127.0.0.1:" + closedPort))
                        .build();
                TestFeedServer server = TestFeedServer.start(WAIT);
                IngestService ingest = new IngestService(
                        config(
                                aws,
                                server,
                                stream,
                                journal,
                                "--max-buffered-trades",
                                "2000", // full within a second of the outage
                                "--put-backoff-max",
                                "1s"),
                        kinesis)) {
            ingest.start();
            TestFeedServer.Client client = server.awaitConnection(WAIT);
            client.awaitSubscribed(SYMBOLS, WAIT);

            kinesis.target = refused;
            long start = System.nanoTime();
            long maxLagFrames = 0;
            for (int i = 0; i < frames.size(); i++) {
                long due = start + i * 1_000_000_000L / FRAMES_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (i == OUTAGE_SECONDS * FRAMES_PER_SECOND) {
                    // Still in the outage: the ingest has read (and journaled) what was sent so far.
                    IngestFeedITCase.awaitCount(() -> ingest.metrics().frames(), i, "frames read during the outage");
                    assertThat(ingest.metrics().tradesAccepted()).isEqualTo((long) i * TRADES_PER_FRAME);
                    assertThat(ingest.metrics().tradesWritten()).isLessThan((long) i * TRADES_PER_FRAME / 2);
                    kinesis.target = aws.kinesis();
                }
                client.send(frames.get(i));
                maxLagFrames = Math.max(maxLagFrames, i + 1 - ingest.metrics().frames());
            }
            IngestFeedITCase.awaitCount(() -> ingest.metrics().tradesAccepted(), sent.size(), "trades accepted");
            assertThat(ingest.stop()).isTrue();

            IngestMetrics.Snapshot m = ingest.metrics();
            System.out.println(
                    "outage: " + m + ", the feed was at most " + maxLagFrames + " frames ahead of the ingest");
            assertThat(m.tradesWritten()).isEqualTo(sent.size());
            assertThat(m.rejectsByReason()).isEmpty();
            // The receiving thread never waited for Kinesis: it was never more than a moment behind the feed.
            assertThat(maxLagFrames).as("frames sent but not yet read").isLessThan(FRAMES_PER_SECOND * 2L);
        }
        IngestFeedITCase.assertStreamHoldsExactly(aws, stream, sent);
    }

    @Test
    void whatAStoppedIngestCouldNotWriteIsSentByTheNextOnAndIdsContinue(LocalAws aws, @TempDir Path journal)
            throws Exception {
        String stream = LocalAws.uniqueName("ingest-restart");
        aws.createStream(stream, 1);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<FeedTrade> before = TestTrades.synthetic(11, 3_000, 1_700_000_000_000L);
        // The next run's trades start in the millisecond where the first run's ended: ranks must go on.
        List<FeedTrade> after =
                TestTrades.synthetic(12, 1_000, before.get(before.size() - 1).timeMs());
        SwitchedKinesis kinesis = new SwitchedKinesis(aws.kinesis());
        try (KinesisClient refused = LocalAws.configure(
                        KinesisClient.builder(), URI.create("http://127.0.0.1:" + closedPort))
                .build()) {
            try (TestFeedServer server = TestFeedServer.start(WAIT);
                    IngestService first = new IngestService(
                            config(aws, server, stream, journal, "--put-backoff-max", "500ms"), kinesis)) {
                first.start();
                TestFeedServer.Client client = server.awaitConnection(WAIT);
                client.awaitSubscribed(SYMBOLS, WAIT);
                kinesis.target = refused;
                TestTrades.frames(before, 20).forEach(client::send);
                IngestFeedITCase.awaitCount(() -> first.metrics().tradesAccepted(), before.size(), "trades accepted");

                assertThat(first.stop(Duration.ofSeconds(2)))
                        .as("Kinesis is unreachable")
                        .isFalse();
            }
            kinesis.target = aws.kinesis();
            try (TestFeedServer server = TestFeedServer.start(WAIT);
                    IngestService second = new IngestService(
                            config(aws, server, stream, journal, "--put-backoff-max", "500ms"), kinesis)) {
                second.start();
                TestFeedServer.Client client = server.awaitConnection(WAIT);
                client.awaitSubscribed(SYMBOLS, WAIT);
                TestTrades.frames(after, 20).forEach(client::send);
                IngestFeedITCase.awaitCount(() -> second.metrics().tradesAccepted(), after.size(), "trades accepted");

                assertThat(second.stop()).isTrue();
                assertThat(second.metrics().tradesRecovered()).isEqualTo(before.size());
                assertThat(second.metrics().tradesWritten()).isEqualTo(before.size() + after.size());
            }
        }
        StreamContents contents = StreamContents.read(aws.kinesis(), stream);
        assertThat(contents.problems()).isEmpty();
        java.util.Set<String> ids = new java.util.HashSet<>();
        contents.trades().forEach(t -> ids.add(t.id().toString()));
        assertThat(contents.trades()).hasSize(before.size() + after.size());
        assertThat(ids).as("every trade once, no id taken twice").hasSize(before.size() + after.size());
    }

    private static IngestConfig config(
            LocalAws aws, TestFeedServer server, String stream, Path journal, String... more) {
        List<String> args = new ArrayList<>(IngestConfig.feedArgs(server.uri(), SYMBOLS, stream));
        args.addAll(List.of(
                "--kinesis-endpoint", aws.kinesisEndpoint().toString(),
                "--journal-dir", journal.toString(),
                "--progress-interval", "2s"));
        args.addAll(List.of(more));
        return IngestConfig.parse(Map.of(), args);
    }
}
