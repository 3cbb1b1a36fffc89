package dev.tradelake.lambda.testing;

import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.lambda.KinesisEventSourceMapping;
import dev.tradelake.local.lambda.KinesisEventSourceMappingConfigBuilder;
import dev.tradelake.local.lambda.StartingPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Event-source mappings for tests of the handler against the emulators. */
public final class TestMappings {

    private TestMappings() {}

    /**
     * As {@code ./datalake local} and Terraform set it up (retries until the record expires, no age
     * limit, bisection, per-item failures, an on-failure file in {@code dir}), with a test's short
     * delays.
     */
    public static KinesisEventSourceMappingConfigBuilder retryingUntilExpiry(
            LocalAws aws, String stream, TradeStorageHandler handler, Path dir) {
        return KinesisEventSourceMapping.builder()
                .kinesis(aws.kinesis())
                .streamName(stream)
                .function(handler)
                .functionName("trade-storage")
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(-1)
                .maximumRecordAgeInSeconds(-1)
                .functionResponseTypes(Set.of(KinesisEventSourceMapping.REPORT_BATCH_ITEM_FAILURES))
                .destinationConfigOnFailure(dir.resolve("on-failure.jsonl"))
                .functionTimeout(Duration.ofSeconds(10))
                .pollIntervalWhenIdle(Duration.ofMillis(50))
                .initialRetryDelay(Duration.ofMillis(20))
                .maxRetryDelay(Duration.ofMillis(500));
    }
}
