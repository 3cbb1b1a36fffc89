package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarsJobOptions;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.launcher.testing.TerraformFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./datalake local} retries, ages and retains records, and stores bar sizes, as the Terraform defaults do on AWS. */
class LocalMappingAgreesWithTerraformTest {

    @Test
    void retriesAndRecordAgeAreTerraformsDefaults() throws Exception {
        assertThat(defaultOf("lambda_maximum_retry_attempts")).isEqualTo(LocalPipeline.MAXIMUM_RETRY_ATTEMPTS);
        assertThat(defaultOf("lambda_maximum_record_age_seconds")).isEqualTo(LocalPipeline.MAXIMUM_RECORD_AGE_SECONDS);
        assertThat(defaultOf("kinesis_retention_hours")).isEqualTo(LocalPipeline.STREAM_RETENTION_HOURS);
        assertThat(defaultOf("lambda_timeout_seconds")).isEqualTo((int) LocalPipeline.FUNCTION_TIMEOUT.toSeconds());
    }

    @Test
    void batchesAreTerraformsSize() throws Exception {
        assertThat(defaultOf("lambda_batch_size")).isEqualTo(LocalPipeline.BATCH_SIZE);
    }

    @Test
    void theHandlerRetriesUntilItsDeadlineOnBothSides() throws Exception {
        assertThat(defaultOf("lambda_write_max_attempts")).isZero(); // LambdaConfig: 0 is until the deadline
        assertThat(WriteSettings.DEFAULT_MAX_ATTEMPTS).isEqualTo(WriteSettings.UNTIL_DEADLINE);
    }

    @Test
    void aWeekendOutageFitsTheRetention() throws Exception {
        assertThat(defaultOf("kinesis_retention_hours")).isGreaterThanOrEqualTo(72);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBarSizesAreTheJobsDefault() throws Exception {
        Object sizes = TerraformFiles.variableDefault("flink_bar_windows");
        assertThat(String.join(",", (List<String>) sizes))
                .isEqualTo(BarsJobOptions.text(BarsJobOptions.BARS_WINDOWS.defaultValue()))
                .isEqualTo(new LocalCommand().windows);
    }

    private static int defaultOf(String variable) throws Exception {
        return ((Number) TerraformFiles.variableDefault(variable)).intValue();
    }
}
