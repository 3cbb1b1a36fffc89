package dev.tradelake.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The local event source mapping against kinesalite, with scripted functions. */
@ExtendWith(LocalAwsExtension.class)
class KinesisEventSourceMappingITCase {

    private static final Duration CAUGHT_UP = Duration.ofSeconds(30);

    /** A function that records what it is given and answers as its script says. */
    static final class ScriptedFunction implements RequestHandler<KinesisEvent, StreamsEventResponse> {
        final List<List<String>> invocations = Collections.synchronizedList(new ArrayList<>());
        final List<KinesisEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> handled = Collections.synchronizedList(new ArrayList<>());
        private final Function<List<String>, StreamsEventResponse> script;

        /** {@code script} gets the data of the batch's records; a batch that does not throw counts as handled. */
        ScriptedFunction(Function<List<String>, StreamsEventResponse> script) {
            this.script = script;
        }

        @Override
        public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
            List<String> data = new ArrayList<>();
            for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
                data.add(StandardCharsets.UTF_8.decode(r.getKinesis().getData()).toString());
            }
            invocations.add(data);
            events.add(event);
            StreamsEventResponse response = script.apply(data);
            handled.addAll(data);
            return response;
        }
    }

    private static String stream(LocalAws aws, int shards) {
        String stream = LocalAws.uniqueName("esm");
        aws.createStream(stream, shards);
        return stream;
    }

    private static List<String> put(LocalAws aws, String stream, String prefix, int count) {
        List<String> data = new ArrayList<>();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + i;
            data.add(value);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("key-" + (i % 10))
                    .data(SdkBytes.fromUtf8String(value))
                    .build());
        }
        for (int from = 0; from < entries.size(); from += 500) {
            List<PutRecordsRequestEntry> chunk = entries.subList(from, Math.min(entries.size(), from + 500));
            assertThat(aws.kinesis()
                            .putRecords(b -> b.streamName(stream).records(chunk))
                            .failedRecordCount())
                    .isZero();
        }
        return data;
    }

    private static KinesisEventSourceMappingConfigBuilder mapping(
            LocalAws aws, String stream, RequestHandler<KinesisEvent, StreamsEventResponse> f) {
        return KinesisEventSourceMapping.builder()
                .kinesis(aws.kinesis())
                .streamName(stream)
                .function(f)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .pollIntervalWhenIdle(Duration.ofMillis(50))
                .initialRetryDelay(Duration.ofMillis(10))
                .maxRetryDelay(Duration.ofMillis(50));
    }

    @Test
    void deliversEveryRecordOnceInShardOrderInBatchesOfAtMostBatchSize(LocalAws aws) throws Exception {
        String stream = stream(aws, 2);
        List<String> data = put(aws, stream, "r", 250);
        ScriptedFunction function = new ScriptedFunction(batch -> null);

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .batchSize(40)
                .functionName("f")
                .build()
                .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().recordsDelivered()).isEqualTo(250);
            assertThat(esm.stats().recordsRead()).isEqualTo(250);
            assertThat(esm.stats().shards()).hasSize(2);
        }

        assertThat(function.handled).containsExactlyInAnyOrderElementsOf(data);
        assertThat(function.invocations).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 40));
        Map<String, List<String>> sequencesByShard = new LinkedHashMap<>();
        for (KinesisEvent event : function.events) {
            for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
                String shard = r.getEventID().substring(0, r.getEventID().indexOf(':'));
                assertThat(r.getEventID())
                        .isEqualTo(shard + ":" + r.getKinesis().getSequenceNumber());
                assertThat(r.getEventSource()).isEqualTo("aws:kinesis");
                assertThat(r.getEventSourceARN()).endsWith(":stream/" + stream);
                assertThat(r.getKinesis().getApproximateArrivalTimestamp()).isNotNull();
                sequencesByShard
                        .computeIfAbsent(shard, s -> new ArrayList<>())
                        .add(r.getKinesis().getSequenceNumber());
            }
        }
        assertThat(sequencesByShard).hasSize(2);
        for (List<String> sequences : sequencesByShard.values()) {
            List<java.math.BigInteger> numbers =
                    sequences.stream().map(java.math.BigInteger::new).toList();
            assertThat(numbers).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aBatchItemFailureResumesFromTheLowestReportedRecord(LocalAws aws) throws Exception {
        String stream = stream(aws, 1);
        put(aws, stream, "r", 10);
        AtomicInteger calls = new AtomicInteger();
        List<KinesisEvent> seen = Collections.synchronizedList(new ArrayList<>());
        RequestHandler<KinesisEvent, StreamsEventResponse> function = (event, context) -> {
            seen.add(event);
            if (calls.incrementAndGet() == 1) {
                return new StreamsEventResponse(List.of(
                        new StreamsEventResponse.BatchItemFailure(
                                event.getRecords().get(7).getKinesis().getSequenceNumber()),
                        new StreamsEventResponse.BatchItemFailure(
                                event.getRecords().get(4).getKinesis().getSequenceNumber())));
            }
            return new StreamsEventResponse();
        };

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .batchSize(10)
                .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                .build()
                .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().partialFailures()).isEqualTo(1);
            assertThat(esm.stats().retries()).isEqualTo(1);
            assertThat(esm.stats().recordsDelivered()).isEqualTo(10);
        }

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).getRecords()).hasSize(10);
        assertThat(seen.get(1).getRecords())
                .extracting(r -> r.getKinesis().getSequenceNumber())
                .containsExactlyElementsOf(seen.get(0).getRecords().subList(4, 10).stream()
                        .map(r -> r.getKinesis().getSequenceNumber())
                        .toList());
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored(LocalAws aws) throws Exception {
        String stream = stream(aws, 1);
        put(aws, stream, "r", 5);
        ScriptedFunction function = new ScriptedFunction(batch -> new StreamsEventResponse(
                List.of(new StreamsEventResponse.BatchItemFailure("not even a sequence number"))));

        try (KinesisEventSourceMapping esm =
                mapping(aws, stream, function).build().start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
        }

        assertThat(function.invocations).hasSize(1);
    }

    @Test
    void bisectingIsolatesAPoisonRecordWhichGoesToTheOnFailureDestinationAndTheShardGoesOn(
            LocalAws aws, @TempDir Path dir) throws Exception {
        String stream = stream(aws, 1);
        put(aws, stream, "r", 8);
        aws.kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("poison")));
        put(aws, stream, "s", 7);
        ScriptedFunction function = new ScriptedFunction(batch -> {
            if (batch.contains("poison")) {
                throw new IllegalStateException("cannot handle poison");
            }
            return null;
        });
        Path onFailure = dir.resolve("on-failure.jsonl");

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .batchSize(16)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(2)
                .destinationConfigOnFailure(onFailure)
                .build()
                .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().recordsSentToOnFailure()).isEqualTo(1);
            assertThat(esm.stats().recordsDelivered()).isEqualTo(15);
        }

        assertThat(function.handled).hasSize(15).doesNotContain("poison").contains("r0", "r7", "s0", "s6");
        assertThat(function.invocations.stream().filter(b -> b.equals(List.of("poison"))))
                .hasSize(3); // 1 + 2 retries
        List<String> lines = Files.readAllLines(onFailure);
        assertThat(lines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(
                                "\"condition\":\"RetryAttemptsExhausted\"",
                                "\"approximateInvokeCount\":3",
                                "\"batchSize\":1",
                                "\"functionError\":\"Unhandled\"",
                                "cannot handle poison",
                                "\"shardId\":\"shardId-000000000000\""));
    }

    @Test
    void withoutBisectTheWholeBatchIsDiscardedOnceRetriesAreExhausted(LocalAws aws, @TempDir Path dir)
            throws Exception {
        String stream = stream(aws, 1);
        put(aws, stream, "r", 3);
        aws.kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("poison")));
        ScriptedFunction function = new ScriptedFunction(batch -> {
            if (batch.contains("poison")) {
                throw new IllegalStateException("cannot handle poison");
            }
            return null;
        });
        Path onFailure = dir.resolve("on-failure.jsonl");

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .batchSize(10)
                .maximumRetryAttempts(1)
                .destinationConfigOnFailure(onFailure)
                .build()
                .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            put(aws, stream, "after", 2);
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            assertThat(esm.stats().recordsSentToOnFailure()).isEqualTo(4);
            assertThat(esm.stats().functionErrors()).isEqualTo(2);
        }

        assertThat(function.handled).containsExactly("after0", "after1");
        assertThat(Files.readAllLines(onFailure))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("\"batchSize\":4", "\"approximateInvokeCount\":2"));
    }

    @Test
    void latestSkipsWhatWasOnTheStreamBeforeTheStart(LocalAws aws) throws Exception {
        String stream = stream(aws, 1);
        put(aws, stream, "before", 5);
        ScriptedFunction function = new ScriptedFunction(batch -> null);

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .startingPosition(StartingPosition.LATEST)
                .build()
                .start()) {
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
            put(aws, stream, "after", 3);
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
        }

        assertThat(function.handled).containsExactly("after0", "after1", "after2");
    }

    @Test
    void theBatchingWindowGathersRecordsIntoOneBatch(LocalAws aws) throws Exception {
        String stream = stream(aws, 1);
        ScriptedFunction function = new ScriptedFunction(batch -> null);

        try (KinesisEventSourceMapping esm = mapping(aws, stream, function)
                .batchSize(100)
                .maximumBatchingWindowInSeconds(2)
                .build()
                .start()) {
            for (int i = 0; i < 3; i++) {
                put(aws, stream, "w" + i + "-", 10);
                Thread.sleep(100);
            }
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
        }

        assertThat(function.handled).hasSize(30);
        assertThat(function.invocations.get(0).size()).as("first batch").isGreaterThanOrEqualTo(20);
    }

    @Test
    void anIdleShardIsPolledAFewTimesASecondNotInAHotLoop(LocalAws aws) throws Exception {
        String stream = stream(aws, 1);
        CountingKinesis counting = new CountingKinesis(aws.kinesis());
        ScriptedFunction function = new ScriptedFunction(batch -> null);

        try (KinesisEventSourceMapping esm = KinesisEventSourceMapping.builder()
                .kinesis(counting)
                .streamName(stream)
                .function(function)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .build()
                .start()) {
            Thread.sleep(1_500);
            assertThat(esm.awaitCaughtUp(CAUGHT_UP)).isTrue();
        }

        // the default 250 ms idle interval: about 6 polls in 1.5 s, far below AWS's 5 per second
        assertThat(counting.getRecords.get()).isBetween(2, 10);
    }

    /** Counts GetRecords calls. */
    static final class CountingKinesis implements KinesisClient {
        final AtomicInteger getRecords = new AtomicInteger();
        private final KinesisClient delegate;

        CountingKinesis(KinesisClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            getRecords.incrementAndGet();
            return delegate.getRecords(request);
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return delegate.getShardIterator(request);
        }

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            return delegate.listShards(request);
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
            return delegate.describeStreamSummary(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {}
    }
}
