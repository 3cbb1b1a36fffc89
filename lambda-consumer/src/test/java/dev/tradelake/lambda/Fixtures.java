package dev.tradelake.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Kinesis events from src/test/resources/events, read by the serializer the Lambda Java runtime uses. */
final class Fixtures {

    private static final PojoSerializer<KinesisEvent> KINESIS =
            LambdaEventSerializers.serializerFor(KinesisEvent.class, Fixtures.class.getClassLoader());

    private Fixtures() {}

    static KinesisEvent kinesisEvent(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return KINESIS.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sequenceNumber(KinesisEvent event, int index) {
        return event.getRecords().get(index).getKinesis().getSequenceNumber();
    }
}
