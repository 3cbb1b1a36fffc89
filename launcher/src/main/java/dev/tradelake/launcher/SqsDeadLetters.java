package dev.tradelake.launcher;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The dead-letter queue on AWS. Messages are received with a visibility timeout long enough for
 * the redrive, deleted one by one after their trades were stored, and made visible again at once
 * when kept (or after {@link #HOLD_SECONDS} if this process dies).
 */
final class SqsDeadLetters implements DeadLetterQueue {

    static final int HOLD_SECONDS = 900;
    private static final int PEEK_SECONDS = 30;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Map<DeadLetterEntry, Message> received = new IdentityHashMap<>();

    SqsDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<DeadLetterEntry> peek() {
        List<DeadLetterEntry> entries = take(PEEK_SECONDS);
        finish(List.of(), entries);
        return entries;
    }

    @Override
    public List<DeadLetterEntry> take() {
        return take(HOLD_SECONDS);
    }

    private List<DeadLetterEntry> take(int visibilitySeconds) {
        Map<String, Message> messages = new LinkedHashMap<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(visibilitySeconds))
                    .messages();
            int before = messages.size();
            for (Message message : batch) {
                messages.putIfAbsent(message.messageId(), message);
            }
            if (batch.isEmpty() || messages.size() == before) {
                break;
            }
        }
        List<DeadLetterEntry> entries = new ArrayList<>(messages.size());
        for (Message message : messages.values()) {
            DeadLetterEntry entry = DeadLetterEntry.parse(message.body());
            received.put(entry, message);
            entries.add(entry);
        }
        return entries;
    }

    @Override
    public void finish(List<DeadLetterEntry> redriven, List<DeadLetterEntry> kept) {
        for (DeadLetterEntry entry : redriven) {
            Message message = received.remove(entry);
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        for (DeadLetterEntry entry : kept) {
            Message message = received.remove(entry);
            sqs.changeMessageVisibility(b ->
                    b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
        }
    }
}
