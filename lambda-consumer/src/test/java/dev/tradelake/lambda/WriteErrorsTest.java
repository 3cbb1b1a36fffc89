package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** What is retried ({@link WriteErrors}). */
class WriteErrorsTest {

    @Test
    void throttlingServerErrorsAndIoFailuresAreRetryable() {
        assertThat(WriteErrors.classify(
                        ProvisionedThroughputExceededException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(RequestLimitExceededException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(InternalServerErrorException.builder().build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(
                        DynamoDbException.builder().statusCode(503).build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(DynamoDbException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ThrottlingException")
                                .build())
                        .build()))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
        assertThat(WriteErrors.classify(SdkClientException.create("Connection reset")))
                .isEqualTo(WriteErrors.Kind.RETRYABLE);
    }

    @Test
    void whatTheSameRequestWouldMeetAgainIsFatal() {
        assertThat(WriteErrors.classify(
                        ResourceNotFoundException.builder().statusCode(400).build()))
                .isEqualTo(WriteErrors.Kind.FATAL);
        assertThat(WriteErrors.classify(AbortedException.create("interrupted"))).isEqualTo(WriteErrors.Kind.FATAL);
        assertThat(WriteErrors.classify(new IllegalStateException())).isEqualTo(WriteErrors.Kind.FATAL);
    }

    @Test
    void aValidationErrorIsAboutTheItemsContent() {
        assertThat(WriteErrors.classify(DynamoDbException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ValidationException")
                                .errorMessage(
                                        "Number overflow. Attempting to store a number with magnitude larger than supported range")
                                .build())
                        .build()))
                .isEqualTo(WriteErrors.Kind.REFUSED);
    }
}
