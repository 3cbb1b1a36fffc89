package dev.tradelake.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Lambda's reading of a function's answer under ReportBatchItemFailures. */
class InvocationOutcomeTest {

    private final List<Record> batch = ShardBatchesTest.records(5);

    private static StreamsEventResponse failures(String... ids) {
        List<BatchItemFailure> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new BatchItemFailure(id));
        }
        return new StreamsEventResponse(list);
    }

    private String seq(int i) {
        return batch.get(i).sequenceNumber();
    }

    @Test
    void nothingReportedIsACompleteSuccess() {
        assertThat(InvocationOutcome.of(batch, null, true)).isInstanceOf(InvocationOutcome.Success.class);
        assertThat(InvocationOutcome.of(batch, new StreamsEventResponse(), true))
                .isInstanceOf(InvocationOutcome.Success.class);
        assertThat(InvocationOutcome.of(batch, failures(), true)).isInstanceOf(InvocationOutcome.Success.class);
    }

    @Test
    void theLowestReportedSequenceNumberIsWhereTheBatchFailed() {
        assertThat(InvocationOutcome.of(batch, failures(seq(3), seq(1), seq(4)), true))
                .isEqualTo(new InvocationOutcome.PartialFailure(1, seq(1)));
    }

    @Test
    void anUnusableIdentifierFailsTheWholeBatch() {
        assertThat(InvocationOutcome.of(batch, failures(seq(2), ""), true))
                .isInstanceOf(InvocationOutcome.Failure.class);
        assertThat(InvocationOutcome.of(batch, failures((String) null), true))
                .isInstanceOf(InvocationOutcome.Failure.class);
        InvocationOutcome unknown = InvocationOutcome.of(batch, failures("123"), true);
        assertThat(unknown).isInstanceOf(InvocationOutcome.Failure.class);
        assertThat(((InvocationOutcome.Failure) unknown).functionError()).isFalse();
    }

    @Test
    void withoutReportBatchItemFailuresTheAnswerIsIgnored() {
        assertThat(InvocationOutcome.of(batch, failures(seq(0)), false)).isInstanceOf(InvocationOutcome.Success.class);
    }

    @Test
    void aThrownErrorIsAFunctionError() {
        InvocationOutcome outcome = InvocationOutcome.thrown(new IllegalStateException("boom"));
        assertThat(outcome).isEqualTo(new InvocationOutcome.Failure(true, "java.lang.IllegalStateException: boom"));
    }
}
