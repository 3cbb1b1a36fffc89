package dev.tradelake.local.lambda;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What one invocation of the function came to, read as Lambda reads a Kinesis function's answer.
 *
 * <ul>
 *   <li>Without {@code ReportBatchItemFailures}, any return is a complete success and any thrown error a
 *       complete failure.</li>
 *   <li>With it: a null response, a null or empty {@code batchItemFailures} is a complete success; an
 *       {@code itemIdentifier} that is null, empty or not the sequence number of a record of the batch
 *       is a complete failure; otherwise the batch failed from the record with the lowest sequence
 *       number among those reported (the records before it succeeded).</li>
 * </ul>
 */
sealed interface InvocationOutcome {

    /** Every record of the batch is done. */
    record Success() implements InvocationOutcome {}

    /** The records before {@code failedIndex} are done; the batch failed from that one on. */
    record PartialFailure(int failedIndex, String sequenceNumber) implements InvocationOutcome {}

    /**
     * The batch failed as a whole.
     *
     * @param functionError true when the function threw (Lambda's {@code FunctionError}: bisecting applies),
     *                      false when it answered with an unusable batch item failure
     */
    record Failure(boolean functionError, String reason) implements InvocationOutcome {}

    static InvocationOutcome thrown(Throwable error) {
        return new Failure(true, error.getClass().getName() + ": " + error.getMessage());
    }

    static InvocationOutcome of(List<Record> batch, StreamsEventResponse response, boolean reportBatchItemFailures) {
        if (!reportBatchItemFailures
                || response == null
                || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return new Success();
        }
        int lowest = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return new Failure(false, "batchItemFailures holds a null or empty itemIdentifier");
            }
            int index = indexOf(batch, id);
            if (index < 0) {
                return new Failure(false, "batchItemFailures names " + id + ", not a sequence number of the batch");
            }
            lowest = Math.min(lowest, index);
        }
        return new PartialFailure(lowest, batch.get(lowest).sequenceNumber());
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }
}
