package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.CollectedBars;
import dev.tradelake.flink.testing.PlainBars;
import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The production wiring, end to end on the emulators: records in kinesalite, the job built by
 * {@link BarsJob#forAws} from flags (the FLIP-27 Kinesis source, addressing the stream by ARN
 * through the emulator's ARN-speaking front, and the conditional bars sink with endpoint overrides) on a
 * MiniCluster, bars in dynalite. The stream never ends, so the last bars are there only
 * because the watermark closes the windows once the stream has gone quiet.
 */
@ExtendWith(LocalAwsExtension.class)
class KinesisToDynamoDbITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.parallelismTwo();

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void barsOfTheRecordsInTheStreamReachTheBarsTable(LocalAws aws) throws Exception {
        String stream = LocalAws.uniqueName("trades");
        String table = LocalAws.uniqueName("bars");
        aws.createStream(stream, 2);
        aws.createBarsTable(table);

        List<Trade> trades = SyntheticTrades.generate(2024, 12_000);
        List<byte[]> records = TradeRecords.packPerSymbol(trades, 50, 500);
        putRecords(aws, stream, records);
        putRecords(aws, stream, List.of("garbage".getBytes(StandardCharsets.UTF_8)));
        // 1m over the trades, 5m rolled up from the 1m bars and 1h from the 5m ones: all equal to the trades' bars.
        Map<CollectedBars.Key, Bar> expected = PlainBars.compute(records, List.of(60_000L, 300_000L, 3_600_000L));

        Configuration config = jobOnEmulators(
                aws,
                stream,
                table,
                "--" + BarsJobOptions.BARS_WINDOWS.key(),
                "1m,5m,1h",
                "--" + BarsJobOptions.BARS_CLOSE_AFTER_QUIET.key(),
                "1500ms",
                "--" + BarsJobOptions.WATERMARK_IDLENESS.key(),
                "1500ms",
                "--" + BarsJobOptions.CHECKPOINT_INTERVAL.key(),
                "1s");
        JobClient job = BarsJob.forAws(config).executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
        Map<CollectedBars.Key, Bar> stored;
        try {
            stored = awaitBars(aws, table, expected.size(), job);
        } finally {
            job.cancel().get();
        }

        assertSameBars(stored, expected);
    }

    /** Every expected bar stored, field by field, and no other. */
    static void assertSameBars(Map<CollectedBars.Key, Bar> stored, Map<CollectedBars.Key, Bar> expected) {
        assertThat(stored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, bar) -> {
            Bar item = stored.get(key);
            assertThat(item.open()).as("open %s", key).isEqualTo(bar.open());
            assertThat(item.high()).as("high %s", key).isEqualTo(bar.high());
            assertThat(item.low()).as("low %s", key).isEqualTo(bar.low());
            assertThat(item.close()).as("close %s", key).isEqualTo(bar.close());
            assertThat(item.volume()).as("volume %s", key).isEqualTo(bar.volume());
            assertThat(item.trades()).as("trades %s", key).isEqualTo(bar.trades());
            assertThat(item.turnover()).as("turnover %s", key).isEqualTo(bar.turnover());
        });
    }

    /**
     * The production job's flags against the emulators: the stream by ARN through the local front,
     * read from its oldest record, bars into {@code table}; {@code settings} are further flag pairs.
     */
    static Configuration jobOnEmulators(LocalAws aws, String stream, String table, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--" + BarsJobOptions.STREAM_ARN.key(),
                        LocalAws.streamArn(stream).toString(),
                "--" + BarsJobOptions.STREAM_INITIAL_POSITION.key(), "TRIM_HORIZON",
                "--" + BarsJobOptions.BARS_TABLE.key(), table,
                "--" + BarsJobOptions.AWS_REGION.key(), LocalAws.REGION.id(),
                "--" + BarsJobOptions.KINESIS_ENDPOINT.key(),
                        aws.kinesisArnEndpoint().toString(),
                "--" + BarsJobOptions.DYNAMODB_ENDPOINT.key(),
                        aws.dynamoDbEndpoint().toString()));
        args.addAll(List.of(settings));
        return JobConfiguration.fromArgs(args.toArray(String[]::new));
    }

    static void putRecords(LocalAws aws, String stream, List<byte[]> records) {
        for (int from = 0; from < records.size(); from += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (byte[] r : records.subList(from, Math.min(records.size(), from + 500))) {
                String key;
                try {
                    key = TradeRecordFormat.decode(r).symbol();
                } catch (TradeRecordFormat.MalformedRecordException e) {
                    key = "unreadable";
                }
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(key)
                        .data(SdkBytes.fromByteArray(r))
                        .build());
            }
            var response = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
            assertThat(response.failedRecordCount()).isZero();
        }
    }

    /**
     * Polls the table until it holds {@code count} bars and two scans a second apart agree (a late
     * re-emission would change one), or the deadline passes.
     */
    static Map<CollectedBars.Key, Bar> awaitBars(LocalAws aws, String table, int count, JobClient job)
            throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<CollectedBars.Key, Bar> previous = Map.of();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get();
            assertThat(status.isGloballyTerminalState())
                    .as("job status %s", status)
                    .isFalse();
            Map<CollectedBars.Key, Bar> bars = scan(aws, table);
            if (bars.size() >= count && bars.equals(previous)) {
                return bars;
            }
            previous = bars;
            Thread.sleep(bars.size() >= count ? 1_000 : 500);
        }
        return previous;
    }

    static Map<CollectedBars.Key, Bar> scan(LocalAws aws, String table) {
        Map<CollectedBars.Key, Bar> bars = new HashMap<>();
        for (Map<String, AttributeValue> item :
                aws.dynamoDb().scanPaginator(b -> b.tableName(table)).items()) {
            Bar bar = new Bar(
                    item.get(BarsTable.SYMBOL).s(),
                    n(item, BarsTable.WINDOW_MS).longValue(),
                    Long.parseLong(item.get(BarsTable.SORT_KEY).n()),
                    n(item, BarsTable.OPEN),
                    n(item, BarsTable.HIGH),
                    n(item, BarsTable.LOW),
                    n(item, BarsTable.CLOSE),
                    n(item, BarsTable.VOLUME),
                    n(item, BarsTable.TURNOVER),
                    n(item, BarsTable.TRADES).longValue());
            assertThat(item.get(BarsTable.PARTITION_KEY).s()).isEqualTo(bar.series());
            if (bar.volume().signum() == 0) {
                assertThat(item).doesNotContainKey(BarsTable.VWAP);
            } else {
                assertThat(item.get(BarsTable.VWAP).n())
                        .isEqualTo(Decimals.text(bar.vwap().orElseThrow()));
            }
            bars.put(CollectedBars.Key.of(bar), bar);
        }
        return bars;
    }

    private static BigDecimal n(Map<String, AttributeValue> item, String attribute) {
        return new BigDecimal(item.get(attribute).n());
    }
}
