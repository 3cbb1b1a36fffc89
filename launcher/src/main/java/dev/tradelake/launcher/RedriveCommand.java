package dev.tradelake.launcher;

import dev.tradelake.lambda.DeadLetter;
import dev.tradelake.lambda.DeadLetterSink;
import dev.tradelake.lambda.Sleeper;
import dev.tradelake.lambda.SqsDeadLetterSink;
import dev.tradelake.lambda.TradeStorageHandler;
import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.local.aws.LocalAws;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./datalake redrive}: what the dead-letter queue holds and, with {@code --apply}, stores
 * what can be stored now through the Lambda's own handler ({@link Redriver}); every message it
 * cannot redrive stays in the queue.
 */
@Command(
        name = "redrive",
        mixinStandardHelpOptions = true,
        description = {
            "Show the dead-letter queue (counts by reason, oldest, newest) and, with --apply, store what can be"
                    + " stored now through the Lambda's handler. Messages that cannot be redriven stay in the queue.",
            "Locally: dead-letters.jsonl and on-failure.jsonl in the work directory. On AWS: --queue-url."
        })
final class RedriveCommand implements Callable<Integer> {

    /** Redrive gives up on a message after this many write attempts: it stays in the queue for the next time. */
    private static final int WRITE_ATTEMPTS = 8;

    @Option(names = "--apply", description = "Store what can be stored and remove it from the queue.")
    boolean apply;

    @Mixin
    WorkDirOption workDir;

    @Option(
            names = "--queue-url",
            paramLabel = "URL",
            description = "The SQS dead-letter queue on AWS (terraform output dead_letter_queue_url).")
    String queueUrl;

    @Mixin
    StackOnAws stack;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        if (queueUrl != null) {
            try (SqsClient sqs = aws(SqsClient.builder()).build()) {
                SqsDeadLetters queue = new SqsDeadLetters(sqs, queueUrl);
                if (!apply) {
                    return report(queue.peek(), out);
                }
                try (DynamoDbClient dynamo = aws(DynamoDbClient.builder()).build();
                        KinesisClient kinesis = aws(KinesisClient.builder()).build()) {
                    return redrive(
                            queue,
                            dynamo,
                            stack.tradesTableOnAws(),
                            kinesis,
                            new SqsDeadLetterSink(sqs, queueUrl, clock),
                            stack.region,
                            out,
                            clock);
                }
            }
        }
        Path dir = workDir.directory();
        DeadLetterFiles queue = new DeadLetterFiles(dir);
        if (!apply) {
            return report(queue.peek(), out);
        }
        if (queue.peek().isEmpty()) {
            return report(List.of(), out);
        }
        Optional<LocalRunState> running = LocalRunState.running(dir);
        if (running.isPresent()) {
            LocalRunState state = running.get();
            try (DynamoDbClient dynamo = LocalAws.configure(DynamoDbClient.builder(), state.dynamoDbEndpoint())
                            .build();
                    KinesisClient kinesis = LocalAws.configure(KinesisClient.builder(), state.kinesisEndpoint())
                            .build()) {
                return redrive(
                        queue,
                        dynamo,
                        state.tradesTable(),
                        kinesis,
                        queue.sink(clock),
                        LocalAws.REGION.id(),
                        out,
                        clock);
            }
        }
        Path data = LocalRunState.dataDirectory(dir);
        if (!Files.isDirectory(data)) {
            throw new Datalake.UserError("there is no local datalake in " + dir + ": run ./datalake local first");
        }
        try (LocalAws aws = LocalAws.start(LocalRunState.logDirectory(dir), data)) {
            return redrive(
                    queue,
                    aws.dynamoDb(),
                    LocalRunState.TRADES_TABLE,
                    aws.kinesis(),
                    queue.sink(clock),
                    LocalAws.REGION.id(),
                    out,
                    clock);
        }
    }

    private static int report(List<DeadLetterEntry> entries, PrintWriter out) {
        out.print(DeadLetterReport.of(entries).format());
        out.flush();
        return 0;
    }

    private static int redrive(
            DeadLetterQueue queue,
            DynamoDbClient dynamo,
            String table,
            KinesisClient kinesis,
            DeadLetterSink queueSink,
            String region,
            PrintWriter out,
            Clock clock) {
        List<DeadLetter> refusedAgain = Collections.synchronizedList(new ArrayList<>());
        WriteSettings settings = WriteSettings.defaults(table).withMaxAttempts(WRITE_ATTEMPTS);
        List<DeadLetterEntry> entries = queue.take();
        List<DeadLetterEntry> redriven = new ArrayList<>();
        List<DeadLetterEntry> kept = new ArrayList<>();
        Map<String, Integer> whyKept = new TreeMap<>();
        try (TradeStorageHandler handler =
                new TradeStorageHandler(dynamo, settings, refusedAgain::add, clock, Sleeper.REAL, metrics -> {})) {
            Redriver redriver = new Redriver(handler, refusedAgain, queueSink, kinesis, region);
            for (DeadLetterEntry entry : entries) {
                Redriver.Outcome outcome;
                try {
                    outcome = redriver.redrive(entry);
                } catch (RuntimeException e) {
                    outcome = Redriver.Outcome.kept(e.toString());
                }
                if (outcome.redriven()) {
                    redriven.add(entry);
                } else {
                    kept.add(entry);
                    whyKept.merge(outcome.why(), 1, Integer::sum);
                }
            }
        } finally {
            queue.finish(redriven, kept); // whatever happened, nothing taken is lost
        }
        out.print(DeadLetterReport.of(entries).format());
        out.println("redriven: " + redriven.size() + ", kept in the queue: " + kept.size());
        whyKept.forEach((why, count) -> out.println("  kept " + count + ": " + why));
        out.flush();
        return kept.isEmpty() ? 0 : 1;
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B aws(B builder) {
        if (stack.region != null) {
            builder.region(Region.of(stack.region));
        }
        return builder;
    }
}
