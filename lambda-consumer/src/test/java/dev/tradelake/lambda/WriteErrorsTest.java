package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** What is retried ({@link WriteErrors}) and how long it waits ({@link Backoff}). */
class WriteErrorsTest {

    @Test
    void throttlingServerErrorsAndIoFailuresAreRetryable() {
        assertThat(WriteErrors.classify(ProvisionedThroughputExceededException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(RequestLimitExceededException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(InternalServerErrorException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(DynamoDbException.builder().statusCode(503).build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(SdkClientException.create("Connection reset")))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
    }

    @Test
    void whatTheSameRequestWouldMeetAgainIsFatal() {
        assertThat(WriteErrors.classify(ResourceNotFoundException.builder().statusCode(400).build()))
                .isEqualTo(WriteErrors.Kind.FATAL);
        assertThat(WriteErrors.classify(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build()))
                .isEqualTo(WriteErrors.Kind.FATAL);
        assertThat(WriteErrors.classify(AbortedException.create("interrupted"))).isEqualTo(WriteErrors.Kind.FATAL);
        assertThat(WriteErrors.classify(new IllegalStateException())).isEqualTo(WriteErrors.Kind.FATAL);
    }

    @Test
    void backoffDoublesUpToItsCapWithFullJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2), new SplittableRandom(1));

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(25));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(100)).isEqualTo(Duration.ofSeconds(2));
        long below = 0;
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.delay(3);
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(100));
            below += delay.compareTo(Duration.ofMillis(50)) < 0 ? 1 : 0;
        }
        assertThat(below).as("uniform over [0, 100 ms]").isBetween(400L, 600L);
    }
}
