package dev.tradelake.ingest;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that decides which Kinesis write errors are retried and which stop the ingest.
 * Retryable: throttling, Kinesis's internal failures, network trouble. Fatal: whatever a retry
 * cannot fix (no such stream, no permission, a disabled KMS key). A fatal error stops the feed
 * rather than dropping trades: retrying it forever would hide the problem while the buffer fills.
 */
final class PutErrors {

    private static final Set<String> RETRYABLE_CODES = Set.of(
            "ProvisionedThroughputExceededException",
            "LimitExceededException",
            "KMSThrottlingException",
            "InternalFailure",
            "InternalFailureException",
            "ServiceUnavailable",
            "ServiceUnavailableException",
            "RequestTimeout",
            "RequestTimeoutException",
            "RequestExpired",
            "ExpiredTokenException",
            "ThrottlingException");

    private PutErrors() {}

    /** For the error code of one failed PutRecords entry. */
    static boolean isRetryable(String entryErrorCode) {
        return entryErrorCode == null
                || RETRYABLE_CODES.contains(entryErrorCode)
                // Entry codes are documented as throughput or internal failures, or KMS errors:
                // only the KMS configuration errors are fatal.
                || !entryErrorCode.startsWith("KMS");
    }

    /**
     * A call refused for its content ({@code ValidationException}: a record too large, a bad
     * partition key): retrying it unchanged cannot help, dropping the offending record can.
     */
    static boolean isInvalidRequest(Throwable error) {
        return error instanceof AwsServiceException service
                && service.awsErrorDetails() != null
                && "ValidationException".equals(service.awsErrorDetails().errorCode());
    }

    /** For an exception thrown by a whole PutRecords call. */
    static boolean isRetryable(Throwable error) {
        if (error instanceof SdkClientException) {
            return true; // connection refused, timeouts, an unreadable response
        }
        if (error instanceof AwsServiceException service) {
            return service.statusCode() >= 500
                    || service.statusCode() == 429
                    || service.isThrottlingException()
                    || (service.awsErrorDetails() != null
                            && RETRYABLE_CODES.contains(
                                    service.awsErrorDetails().errorCode()));
        }
        return false;
    }
}
