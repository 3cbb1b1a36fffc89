package dev.tradelake.launcher;

import dev.tradelake.local.aws.EmulatorProcess;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which tables a command reads: by default those of the local datalake (the running one, or the
 * data the last one left); with {@code --region} those on AWS (credentials from the default chain).
 */
final class AwsTarget {

    @Mixin
    StackOnAws stack;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "A DynamoDB endpoint to use instead.")
    URI dynamoDbEndpoint;

    @Mixin
    WorkDirOption workDir;

    @Option(
            names = "--bars-table",
            description =
                    "The bars table (default: local '" + LocalRunState.BARS_TABLE + "', on AWS 'tradelake-bars').")
    String barsTable;

    /** An open connection; closes the emulator it may have started. */
    record Connection(DynamoDbClient dynamoDb, String tradesTable, String barsTable, EmulatorProcess emulator)
            implements AutoCloseable {
        @Override
        public void close() {
            dynamoDb.close();
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    Connection connect() {
        if (stack.region != null || dynamoDbEndpoint != null) {
            var builder = DynamoDbClient.builder();
            if (stack.region != null) {
                builder.region(Region.of(stack.region));
            }
            if (dynamoDbEndpoint != null) {
                builder.endpointOverride(dynamoDbEndpoint);
                if (stack.region == null) {
                    builder.region(LocalAws.REGION);
                }
                if (Endpoints.isOnThisMachine(dynamoDbEndpoint)) {
                    builder.credentialsProvider(LocalAws.credentials());
                }
            }
            return new Connection(builder.build(), stack.tradesTableOnAws(), or(barsTable, "tradelake-bars"), null);
        }
        java.nio.file.Path dir = workDir.directory();
        Optional<LocalRunState> running = LocalRunState.running(dir);
        if (running.isPresent()) {
            LocalRunState state = running.get();
            return new Connection(
                    localClient(state.dynamoDbEndpoint()),
                    or(stack.tradesTable, state.tradesTable()),
                    or(barsTable, state.barsTable()),
                    null);
        }
        var data = LocalRunState.dataDirectory(dir).resolve("dynamodb");
        if (!Files.isDirectory(data)) {
            throw new Datalake.UserError("there is no local datalake to query: run ./datalake local first,"
                    + " or pass --region to query the tables on AWS");
        }
        try {
            EmulatorProcess dynamo =
                    EmulatorProcess.start(EmulatorProcess.Kind.DYNAMODB, LocalRunState.logDirectory(dir), data);
            return new Connection(
                    localClient(dynamo.endpoint()),
                    or(stack.tradesTable, LocalRunState.TRADES_TABLE),
                    or(barsTable, LocalRunState.BARS_TABLE),
                    dynamo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dead-letter file of the local datalake, when the target is local. */
    Optional<java.nio.file.Path> localDeadLetters() {
        if (stack.region != null || dynamoDbEndpoint != null) {
            return Optional.empty();
        }
        return Optional.of(workDir.directory().resolve(DeadLetterFiles.DEAD_LETTERS));
    }

    private static DynamoDbClient localClient(URI endpoint) {
        return LocalAws.configure(DynamoDbClient.builder(), endpoint).build();
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
