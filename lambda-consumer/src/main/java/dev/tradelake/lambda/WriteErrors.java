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
 * I/O failures (connection reset, timeout). Refused: a {@code ValidationException}, which is about
 * the content of the request's items (a number out of DynamoDB's range, an item over 400 KB): the
 * writer splits the request to find the items at fault, and those alone go to the dead-letter
 * queue. Fatal: everything else, e.g. a missing table or denied access, which no item is to blame
 * for and which the same request would meet again until someone fixes the setup: the records are
 * reported as failed, so Lambda delivers them again; and an aborted (interrupted) call, since the
 * invocation is being torn down.
 */
final class WriteErrors {

    enum Kind {
        RETRYABLE,
        REFUSED,
        FATAL
    }

    static final String VALIDATION = "ValidationException";

    private WriteErrors() {}

    static Kind classify(Throwable error) {
        if (error instanceof ProvisionedThroughputExceededException
                || error instanceof RequestLimitExceededException
                || error instanceof ThrottlingException
                || error instanceof InternalServerErrorException) {
            return Kind.RETRYABLE;
        }
        if (error instanceof AwsServiceException service) {
            int status = service.statusCode();
            if (service.isThrottlingException() || status == 429 || status >= 500) {
                return Kind.RETRYABLE;
            }
            return service.awsErrorDetails() != null
                            && VALIDATION.equals(service.awsErrorDetails().errorCode())
                    ? Kind.REFUSED
                    : Kind.FATAL;
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
