package dev.tradelake.lambda;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handler's configuration, read once per container from the environment ({@link LambdaEnv}).
 * {@link #fromEnv} fails fast and names every missing or invalid variable at once.
 */
public record LambdaConfig(
        WriteSettings write,
        DeadLetterTarget deadLetter,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> sqsEndpoint,
        Optional<String> region,
        boolean credentialsInEnvironment) {

    /** Set by Lambda in every function's environment (not ours to name). */
    static final String AWS_REGION = "AWS_REGION";

    static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

    /** Where records whose content is invalid go. */
    public sealed interface DeadLetterTarget {
        /** An SQS queue (on AWS). */
        record Queue(String url) implements DeadLetterTarget {}

        /** A JSON-lines file (local runs). */
        record File(Path path) implements DeadLetterTarget {}
    }

    /** Thrown when the environment does not describe a usable configuration. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(List<String> problems) {
            super("invalid Lambda configuration: " + String.join("; ", problems));
        }
    }

    public static LambdaConfig fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String table = value(env, LambdaEnv.TRADES_TABLE);
        if (table == null) {
            problems.add(LambdaEnv.TRADES_TABLE + " is required (the DynamoDB trades table name)");
        }
        String queue = value(env, LambdaEnv.DEAD_LETTER_QUEUE_URL);
        String file = value(env, LambdaEnv.DEAD_LETTER_FILE);
        DeadLetterTarget deadLetter = null;
        if (queue != null && file != null) {
            problems.add("set only one of " + LambdaEnv.DEAD_LETTER_QUEUE_URL + " and " + LambdaEnv.DEAD_LETTER_FILE);
        } else if (queue != null) {
            deadLetter = new DeadLetterTarget.Queue(queue);
        } else if (file != null) {
            try {
                deadLetter = new DeadLetterTarget.File(Path.of(file));
            } catch (InvalidPathException e) {
                problems.add(LambdaEnv.DEAD_LETTER_FILE + " is not a path: " + file);
            }
        } else {
            problems.add(LambdaEnv.DEAD_LETTER_QUEUE_URL + " (on AWS) or " + LambdaEnv.DEAD_LETTER_FILE
                    + " (local) is required: records with invalid content go there");
        }
        int ttlDays = integer(env, LambdaEnv.TRADE_TTL_DAYS, 0, 0, 36_500, problems);
        int attempts = integer(env, LambdaEnv.WRITE_MAX_ATTEMPTS, 0, 0, 10_000, problems);
        int concurrency = integer(env, LambdaEnv.WRITE_CONCURRENCY, WriteSettings.DEFAULT_CONCURRENCY, 1, 64, problems);
        Optional<URI> dynamo = uri(env, LambdaEnv.DYNAMODB_ENDPOINT, problems);
        Optional<URI> sqs = uri(env, LambdaEnv.SQS_ENDPOINT, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        WriteSettings write = WriteSettings.defaults(table)
                .withTtlDays(ttlDays)
                .withMaxAttempts(attempts == 0 ? WriteSettings.UNTIL_DEADLINE : attempts)
                .withConcurrency(concurrency);
        // Naming the region and the credentials source skips the SDK's provider chains: faster cold starts.
        return new LambdaConfig(
                write,
                deadLetter,
                dynamo,
                sqs,
                Optional.ofNullable(value(env, AWS_REGION)),
                value(env, AWS_ACCESS_KEY_ID) != null);
    }

    private static String value(Map<String, String> env, String key) {
        String value = env.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(
            Map<String, String> env, String key, int absent, int min, int max, List<String> problems) {
        String text = value(env, key);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be an integer in [" + min + ", " + max + "], was '" + text + "'");
        return absent;
    }

    private static Optional<URI> uri(Map<String, String> env, String key, List<String> problems) {
        String text = value(env, key);
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(key + " must be an absolute URL such as http://127.0.0.1:4567, was '" + text + "'");
        return Optional.empty();
    }
}
