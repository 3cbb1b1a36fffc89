package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The SQS side of redrive against an in-memory queue with SQS's visibility semantics. */
class SqsDeadLettersTest {

    private static final String URL = "https://sqs.us-east-1.amazonaws.com/123456789012/dlq";

    @Test
    void takesEveryMessageDeletesOnlyTheRedrivenAndMakesTheRestVisibleAgain() {
        InMemorySqs sqs = new InMemorySqs();
        for (int i = 0; i < 25; i++) {
            sqs.put("{\"n\":" + i + "}");
        }
        SqsDeadLetters queue = new SqsDeadLetters(sqs, URL);

        List<DeadLetterEntry> taken = queue.take();
        assertThat(taken).hasSize(25);
        assertThat(sqs.visible()).isZero(); // held while the redrive runs
        queue.finish(taken.subList(0, 20), taken.subList(20, 25));

        assertThat(sqs.bodies()).containsExactly("{\"n\":20}", "{\"n\":21}", "{\"n\":22}", "{\"n\":23}", "{\"n\":24}");
        assertThat(sqs.visible()).isEqualTo(5);
    }

    @Test
    void peekingLeavesEveryMessageInTheQueue() {
        InMemorySqs sqs = new InMemorySqs();
        sqs.put("{\"a\":1}");
        sqs.put("not json");

        assertThat(new SqsDeadLetters(sqs, URL).peek())
                .extracting(DeadLetterEntry::text)
                .containsExactly("{\"a\":1}", "not json");
        assertThat(new SqsDeadLetters(sqs, URL).peek()).hasSize(2);
        assertThat(sqs.visible()).isEqualTo(2);
    }

    /** Messages, their receipt handles, and whether they are visible (time is not modelled: held until released). */
    private static final class InMemorySqs implements SqsClient {
        private final Map<String, String> bodies = new LinkedHashMap<>();
        private final Map<String, String> handles = new LinkedHashMap<>(); // receipt handle -> message id
        private final Map<String, Boolean> visible = new LinkedHashMap<>();

        void put(String body) {
            String id = UUID.randomUUID().toString();
            bodies.put(id, body);
            visible.put(id, true);
        }

        List<String> bodies() {
            return new ArrayList<>(bodies.values());
        }

        long visible() {
            return visible.values().stream().filter(v -> v).count();
        }

        @Override
        public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            List<Message> batch = new ArrayList<>();
            for (Map.Entry<String, Boolean> e : visible.entrySet()) {
                if (e.getValue() && batch.size() < request.maxNumberOfMessages()) {
                    String handle = UUID.randomUUID().toString();
                    handles.put(handle, e.getKey());
                    e.setValue(request.visibilityTimeout() == 0);
                    batch.add(Message.builder()
                            .messageId(e.getKey())
                            .receiptHandle(handle)
                            .body(bodies.get(e.getKey()))
                            .build());
                }
            }
            return ReceiveMessageResponse.builder().messages(batch).build();
        }

        @Override
        public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
            String id = handles.remove(request.receiptHandle());
            bodies.remove(id);
            visible.remove(id);
            return DeleteMessageResponse.builder().build();
        }

        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
            String id = handles.get(request.receiptHandle());
            if (id != null && visible.containsKey(id)) {
                visible.put(id, request.visibilityTimeout() == 0);
            }
            return ChangeMessageVisibilityResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }
}
