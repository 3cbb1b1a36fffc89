package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaConfigTest {

    @Test
    void readsTheAwsEnvironment() {
        LambdaConfig config = LambdaConfig.fromEnv(Map.of(
                LambdaEnv.TRADES_TABLE,
                "tradelake-trades",
                LambdaEnv.DEAD_LETTER_QUEUE_URL,
                "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
                LambdaEnv.TRADE_TTL_DAYS,
                "30",
                LambdaEnv.WRITE_MAX_ATTEMPTS,
                "6",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKIA"));

        assertThat(config.write().table()).isEqualTo("tradelake-trades");
        assertThat(config.write().ttlDays()).isEqualTo(30);
        assertThat(config.write().maxAttempts()).isEqualTo(6);
        assertThat(config.write().concurrency()).isEqualTo(WriteSettings.DEFAULT_CONCURRENCY);
        assertThat(config.deadLetter())
                .isEqualTo(new LambdaConfig.DeadLetterTarget.Queue(
                        "https://sqs.us-east-1.amazonaws.com/123456789012/dlq"));
        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.credentialsInEnvironment()).isTrue();
    }

    @Test
    void readsTheLocalEnvironment() {
        LambdaConfig config = LambdaConfig.fromEnv(Map.of(
                LambdaEnv.TRADES_TABLE, "trades",
                LambdaEnv.DEAD_LETTER_FILE, "/tmp/dead-letters.jsonl",
                LambdaEnv.DYNAMODB_ENDPOINT, "http://127.0.0.1:4567",
                LambdaEnv.WRITE_CONCURRENCY, "2"));

        assertThat(config.deadLetter())
                .isEqualTo(new LambdaConfig.DeadLetterTarget.File(Path.of("/tmp/dead-letters.jsonl")));
        assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(config.write().ttlDays()).isZero();
        assertThat(config.write().maxAttempts()).isEqualTo(WriteSettings.UNTIL_DEADLINE);
        assertThat(config.write().concurrency()).isEqualTo(2);
    }

    @Test
    void namesEveryMissingOrInvalidVariable() {
        assertThatThrownBy(() -> LambdaConfig.fromEnv(Map.of(
                        LambdaEnv.TRADE_TTL_DAYS, "-1",
                        LambdaEnv.WRITE_MAX_ATTEMPTS, "ten",
                        LambdaEnv.DYNAMODB_ENDPOINT, "localhost")))
                .isInstanceOf(LambdaConfig.ConfigException.class)
                .hasMessageContaining(LambdaEnv.TRADES_TABLE)
                .hasMessageContaining(LambdaEnv.DEAD_LETTER_QUEUE_URL)
                .hasMessageContaining(LambdaEnv.TRADE_TTL_DAYS)
                .hasMessageContaining(LambdaEnv.WRITE_MAX_ATTEMPTS + " must be an integer")
                .hasMessageContaining(LambdaEnv.DYNAMODB_ENDPOINT);
    }

    @Test
    void refusesTwoDeadLetterDestinations() {
        assertThatThrownBy(() -> LambdaConfig.fromEnv(Map.of(
                        LambdaEnv.TRADES_TABLE, "trades",
                        LambdaEnv.DEAD_LETTER_QUEUE_URL, "https://sqs/q",
                        LambdaEnv.DEAD_LETTER_FILE, "/tmp/x")))
                .hasMessageContaining("only one of");
    }
}
