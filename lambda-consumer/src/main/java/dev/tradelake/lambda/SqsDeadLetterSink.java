package dev.tradelake.lambda;

import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** On AWS: one SQS message per dead letter. */
public final class SqsDeadLetterSink implements DeadLetterSink {

    /** SQS's classic message limit (256 KiB); larger records travel without their data. */
    static final int MAX_BODY_CHARS = 256 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public SqsDeadLetterSink(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void send(DeadLetter letter) throws DeadLetterException {
        String body = DeadLetterJson.write(letter, clock.instant(), MAX_BODY_CHARS);
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        } catch (SdkException e) {
            throw new DeadLetterException("cannot send to " + queueUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
