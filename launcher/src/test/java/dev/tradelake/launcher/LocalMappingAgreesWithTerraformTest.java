package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarsJobOptions;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.local.aws.ProjectHome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./datalake local} retries, ages and retains records, and stores bar sizes, as the Terraform defaults do on AWS. */
class LocalMappingAgreesWithTerraformTest {

    private static Map<String, Object> variables;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readVariables() throws Exception {
        Map<String, Object> parsed =
                TerraformFiles.parse(ProjectHome.get().resolve("terraform").resolve("variables.tf"));
        variables = (Map<String, Object>) parsed.get("variable");
    }

    @Test
    void retriesAndRecordAgeAreTerraformsDefaults() {
        assertThat(defaultOf("lambda_maximum_retry_attempts")).isEqualTo(LocalPipeline.MAXIMUM_RETRY_ATTEMPTS);
        assertThat(defaultOf("lambda_maximum_record_age_seconds")).isEqualTo(LocalPipeline.MAXIMUM_RECORD_AGE_SECONDS);
        assertThat(defaultOf("kinesis_retention_hours")).isEqualTo(LocalPipeline.STREAM_RETENTION_HOURS);
        assertThat(defaultOf("lambda_timeout_seconds")).isEqualTo((int) LocalPipeline.FUNCTION_TIMEOUT.toSeconds());
    }

    @Test
    void batchesAreTerraformsSize() {
        assertThat(defaultOf("lambda_batch_size")).isEqualTo(LocalPipeline.BATCH_SIZE);
    }

    @Test
    void theHandlerRetriesUntilItsDeadlineOnBothSides() {
        assertThat(defaultOf("lambda_write_max_attempts")).isZero(); // LambdaConfig: 0 is until the deadline
        assertThat(WriteSettings.DEFAULT_MAX_ATTEMPTS).isEqualTo(WriteSettings.UNTIL_DEADLINE);
    }

    @Test
    void aWeekendOutageFitsTheRetention() {
        assertThat(defaultOf("kinesis_retention_hours")).isGreaterThanOrEqualTo(72);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBarSizesAreTheJobsDefault() {
        Object sizes = ((Map<String, Object>) variables.get("flink_bar_windows")).get("default");
        assertThat(String.join(",", (List<String>) sizes))
                .isEqualTo(BarsJobOptions.text(BarsJobOptions.BARS_WINDOWS.defaultValue()))
                .isEqualTo(new LocalCommand().windows);
    }

    @SuppressWarnings("unchecked")
    private static int defaultOf(String variable) {
        Object value = ((Map<String, Object>) variables.get(variable)).get("default");
        return ((Number) value).intValue();
    }
}
