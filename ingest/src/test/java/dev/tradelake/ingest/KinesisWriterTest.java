package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Backoff;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** The writer against a fake Kinesis that keeps what it accepts and fails what the test says. */
class KinesisWriterTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final IngestMetrics metrics = new IngestMetrics();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Stores accepted records; throttles every other entry of every other call; fails some calls whole. */
    private static final class FlakyKinesis implements KinesisClient {
        final ConcurrentLinkedQueue<byte[]> stored = new ConcurrentLinkedQueue<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger entriesSent = new AtomicInteger();
        final AtomicInteger entriesThrottled = new AtomicInteger();
        final AtomicInteger largestCall = new AtomicInteger();
        volatile RuntimeException failEveryFifthCall;

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            int call = calls.incrementAndGet();
            if (failEveryFifthCall != null && call % 5 == 0) {
                throw failEveryFifthCall;
            }
            largestCall.accumulateAndGet(request.records().size(), Math::max);
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < request.records().size(); i++) {
                PutRecordsRequestEntry entry = request.records().get(i);
                entriesSent.incrementAndGet();
                if (call % 2 == 1 && i % 2 == 0) {
                    failed++;
                    entriesThrottled.incrementAndGet();
                    results.add(PutRecordsResultEntry.builder()
                            .errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("Rate exceeded for shard shardId-000000000000")
                            .build());
                } else {
                    stored.add(entry.data().asByteArray());
                    results.add(PutRecordsResultEntry.builder()
                            .shardId("shardId-000000000000")
                            .sequenceNumber(Integer.toString(call * 1000 + i))
                            .build());
                }
            }
            return PutRecordsResponse.builder()
                    .failedRecordCount(failed)
                    .records(results)
                    .build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    private static List<RecordPacker.Pack> packs(int count) {
        List<RecordPacker.Pack> packs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packs.add(new RecordPacker.Pack(
                    "S" + (i % 7),
                    new ArrayList<>(List.of(new Trade("S" + (i % 7), 1_000 + i, 0, 1, 1, List.of(), 0)))));
        }
        return packs;
    }

    private KinesisWriter writer(FlakyKinesis kinesis, BufferGate gate, List<String> fatal) {
        metrics.watchBuffer(gate);
        return new KinesisWriter(
                kinesis,
                "trades",
                3,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
                gate,
                metrics,
                timer,
                fatal::add,
                Redaction.of(null));
    }

    private static Set<Long> storedTimes(FlakyKinesis kinesis) throws TradeRecordFormat.MalformedRecordException {
        Set<Long> times = new HashSet<>();
        for (byte[] data : kinesis.stored) {
            for (Trade t : TradeRecordFormat.decode(data).trades()) {
                assertThat(times.add(t.timeMs())).as("stored once: " + t).isTrue();
            }
        }
        return times;
    }

    @Test
    void retriesOnlyTheFailedEntriesUntilEveryRecordIsStoredOnce() throws Exception {
        FlakyKinesis kinesis = new FlakyKinesis();
        kinesis.failEveryFifthCall = SdkClientException.create("Connection reset");
        BufferGate gate = new BufferGate(5_000);
        List<String> fatal = new ArrayList<>();
        KinesisWriter writer = writer(kinesis, gate, fatal);
        gate.acquire(2_000);
        writer.start();

        writer.submit(packs(2_000));

        assertThat(writer.awaitWritten(30_000)).isTrue();
        writer.shutdown();
        assertThat(fatal).isEmpty();
        assertThat(storedTimes(kinesis)).hasSize(2_000);
        // Entries that were accepted were never sent again: every extra entry sent is a throttled
        // one or one of a call that failed whole.
        assertThat(kinesis.entriesSent.get()).isEqualTo(2_000 + kinesis.entriesThrottled.get());
        assertThat(kinesis.largestCall.get()).isLessThanOrEqualTo(PutBatch.MAX_RECORDS);
        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.recordsWritten()).isEqualTo(2_000);
        assertThat(m.tradesWritten()).isEqualTo(2_000);
        assertThat(m.putRetries()).isGreaterThanOrEqualTo(kinesis.entriesThrottled.get());
        assertThat(m.bufferedTrades()).isZero();
    }

    @Test
    void aFatalErrorStopsWritingAndKeepsTheRecordsCountedAsUndelivered() throws Exception {
        FlakyKinesis kinesis = new FlakyKinesis();
        kinesis.failEveryFifthCall = ResourceNotFoundException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ResourceNotFoundException")
                        .errorMessage("Stream trades not found")
                        .build())
                .build();
        BufferGate gate = new BufferGate(10_000);
        List<String> fatal = new ArrayList<>();
        KinesisWriter writer = writer(kinesis, gate, fatal);
        gate.acquire(5_000);
        writer.start();
        CompletableFuture<Void> submitting = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10; i++) {
                writer.submit(packs(500));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        boolean written = writer.awaitWritten(30_000);
        submitting.get(10, TimeUnit.SECONDS);
        writer.shutdown();

        assertThat(written).isFalse();
        assertThat(fatal).singleElement().asString().contains("ResourceNotFoundException");
        assertThat(metrics.snapshot().failure()).contains("Stream trades not found");
        assertThat(gate.used()).isEqualTo(5_000 - kinesis.stored.size()).isPositive();
        assertThat(gate.acquire(1))
                .as("the feed is refused after a fatal error")
                .isFalse();
    }

    /** Refuses a whole call, as Kinesis does, when one entry is invalid (here: partition key "POISON"). */
    private static final class ValidatingKinesis implements KinesisClient {
        final ConcurrentLinkedQueue<byte[]> stored = new ConcurrentLinkedQueue<>();

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (PutRecordsRequestEntry entry : request.records()) {
                if (entry.partitionKey().equals("POISON")) {
                    throw KinesisException.builder()
                            .statusCode(400)
                            .awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("ValidationException")
                                    .errorMessage("1 validation error detected")
                                    .build())
                            .build();
                }
                results.add(PutRecordsResultEntry.builder()
                        .shardId("shardId-000000000000")
                        .sequenceNumber("1")
                        .build());
            }
            request.records().forEach(e -> stored.add(e.data().asByteArray()));
            return PutRecordsResponse.builder()
                    .failedRecordCount(0)
                    .records(results)
                    .build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }

    @Test
    void aRecordKinesisRefusesOrTooLargeIsDroppedWithItsReasonAndTheNextOnesFlow() throws Exception {
        ValidatingKinesis kinesis = new ValidatingKinesis();
        BufferGate gate = new BufferGate(5_000);
        List<String> fatal = new ArrayList<>();
        metrics.watchBuffer(gate);
        KinesisWriter writer = new KinesisWriter(
                kinesis,
                "trades",
                2,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
                gate,
                metrics,
                timer,
                fatal::add,
                Redaction.of(null));
        gate.acquire(1_000 + 3 + 7);
        writer.start();

        writer.submit(packs(500));
        writer.submit(List.of(new OutRecord(
                "POISON", TradeRecordFormat.encode(List.of(new Trade("POISON", 1, 0, 1, 1, List.of(), 0))), 3, 0)));
        writer.submit(List.of(new OutRecord("SPY", new byte[TradeRecordFormat.MAX_RECORD_BYTES], 7, 0)));
        List<RecordPacker.Pack> after = packs(1_000).subList(500, 1_000);
        writer.submit(after);

        assertThat(writer.awaitWritten(30_000)).isTrue();
        writer.shutdown();
        assertThat(fatal).isEmpty();
        Set<Long> times = new HashSet<>();
        for (byte[] data : kinesis.stored) {
            for (Trade t : TradeRecordFormat.decode(data).trades()) {
                assertThat(times.add(t.timeMs())).isTrue();
            }
        }
        assertThat(times).hasSize(1_000);
        IngestMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.rejectsByReason()).containsEntry("kinesis_refused", 3L).containsEntry("oversized", 7L);
        assertThat(m.tradesWritten()).isEqualTo(1_000);
    }
}
