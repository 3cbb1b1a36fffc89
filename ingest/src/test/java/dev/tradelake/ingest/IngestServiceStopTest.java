package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.TradeRecordFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The service's stop against an in-memory Kinesis: what it must still do while it drains. */
class IngestServiceStopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> SYMBOLS = SyntheticMarket.symbols();

    /** Stores what it is sent while reachable; refuses every call, as a closed port does, while not. */
    private static final class InMemoryKinesis implements KinesisClient {
        final ConcurrentLinkedQueue<byte[]> stored = new ConcurrentLinkedQueue<>();
        volatile boolean reachable = true;

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            if (!reachable) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (PutRecordsRequestEntry entry : request.records()) {
                stored.add(entry.data().asByteArray());
                results.add(PutRecordsResultEntry.builder()
                        .shardId("shardId-000000000000")
                        .sequenceNumber(Integer.toString(stored.size()))
                        .build());
            }
            return PutRecordsResponse.builder()
                    .failedRecordCount(0)
                    .records(results)
                    .build();
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
            return DescribeStreamSummaryResponse.builder()
                    .streamDescriptionSummary(StreamDescriptionSummary.builder()
                            .streamName(request.streamName())
                            .streamStatus(StreamStatus.ACTIVE)
                            .build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    /**
     * Kinesis was away long enough for a backlog to wait in the journal, and comes back just as
     * the service is stopped. The buffer is smaller than what the symbols' partly filled records
     * can hold, so the backlog only moves when the timer flushes lingering records (and re-queues
     * the failed ones): the stop must leave the timer running while it drains.
     */
    @Test
    void aStopDrainsTheJournalBacklogLeftByAnOutage(@TempDir Path journal) throws Exception {
        InMemoryKinesis kinesis = new InMemoryKinesis();
        List<FeedTrade> sent = TestTrades.synthetic(5, 600, 1_700_000_000_000L);
        try (TestFeedServer server = TestFeedServer.start(WAIT);
                IngestService ingest = new IngestService(config(server, journal), kinesis)) {
            ingest.start();
            TestFeedServer.Client client = server.awaitConnection(WAIT);
            client.awaitSubscribed(SYMBOLS, WAIT);
            kinesis.reachable = false;
            TestTrades.frames(sent, 20).forEach(client::send);
            IngestFeedITCase.awaitCount(() -> ingest.metrics().tradesAccepted(), sent.size(), "trades accepted");
            kinesis.reachable = true;

            assertThat(ingest.stop(WAIT)).as("every accepted trade written").isTrue();
            assertThat(ingest.metrics().tradesWritten()).isEqualTo(sent.size());
        }
        int stored = 0;
        for (byte[] data : kinesis.stored) {
            stored += TradeRecordFormat.decode(data).trades().size();
        }
        assertThat(stored).isEqualTo(sent.size());
    }

    private static IngestConfig config(TestFeedServer server, Path journal) {
        List<String> args = new ArrayList<>(IngestConfig.feedArgs(server.uri(), SYMBOLS, "trades"));
        args.addAll(List.of(
                "--journal-dir", journal.toString(),
                // Fewer places than the symbols' partly filled records can take: only flushes free them.
                "--max-buffered-trades", "20",
                "--max-trades-per-record", "20",
                "--record-linger-ms", "10",
                "--journal-sync-interval", "20ms",
                "--put-backoff-min", "10ms",
                "--put-backoff-max", "50ms",
                "--progress-interval", "0s"));
        return IngestConfig.parse(Map.of(), args);
    }
}
