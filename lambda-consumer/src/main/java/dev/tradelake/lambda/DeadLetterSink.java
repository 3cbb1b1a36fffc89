package dev.tradelake.lambda;

/**
 * Where records with invalid content go (SQS on AWS, a JSON-lines file locally). A send that throws
 * makes the record a batch item failure, so a record is never dropped without a trace.
 * Implementations are thread-safe.
 */
public interface DeadLetterSink extends AutoCloseable {

    void send(DeadLetter letter) throws DeadLetterException;

    @Override
    default void close() {}

    /** The dead letter could not be stored. */
    final class DeadLetterException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
