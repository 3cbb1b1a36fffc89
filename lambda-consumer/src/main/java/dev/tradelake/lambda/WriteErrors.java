package dev.tradelake.lambda;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * The one place that decides which write errors are worth retrying.
 *
 * <p>Retryable: throttling (by type, or any 429 / throttling error code), any 5xx, and client-side
 * I/O failures (connection reset, timeout). Fatal: everything else, e.g. a missing table, a
 * validation error or denied access, which the same request would meet again; and an aborted
 * (interrupted) call, since the invocation is being torn down.
 */
final class WriteErrors {

    enum Kind { RETRYABLE, FATAL }

    private WriteErrors() {
    }

    static Kind classify(Throwable error) {
        if (error instanceof ProvisionedThroughputExceededException
                || error instanceof RequestLimitExceededException
                || error instanceof ThrottlingException
                || error instanceof InternalServerErrorException) {
            return Kind.RETRYABLE;
        }
        if (error instanceof AwsServiceException service) {
            int status = service.statusCode();
            return service.isThrottlingException() || status == 429 || status >= 500 ? Kind.RETRYABLE : Kind.FATAL;
        }
        if (error instanceof AbortedException) {
            return Kind.FATAL;
        }
        if (error instanceof SdkClientException) {
            return Kind.RETRYABLE;
        }
        return Kind.FATAL;
    }
}
