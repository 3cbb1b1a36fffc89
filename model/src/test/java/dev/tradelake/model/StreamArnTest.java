package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamArnTest {

    @Test
    void buildsAndParsesTheSameArn() {
        StreamArn arn = StreamArn.of("us-east-1", "000000000000", "trades");
        assertThat(arn).hasToString("arn:aws:kinesis:us-east-1:000000000000:stream/trades");
        assertThat(StreamArn.parse(arn.toString())).isEqualTo(arn);
        assertThat(StreamArn.parse("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b-c_d")
                        .streamName())
                .isEqualTo("a.b-c_d");
    }

    @Test
    void refusesWhatIsNotAStreamArn() {
        assertThatThrownBy(() -> StreamArn.parse("trades")).hasMessageContaining("'trades'");
        assertThatThrownBy(() -> StreamArn.parse("arn:aws:kinesis:us-east-1:123:stream/trades"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamArn.parse("arn:aws:sqs:us-east-1:123456789012:stream/trades"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> StreamArn.parse("arn:aws:kinesis:us-east-1:123456789012:stream/trades/consumer/flink:1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamArn.of("us-east-1", "000000000000", "no spaces"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
