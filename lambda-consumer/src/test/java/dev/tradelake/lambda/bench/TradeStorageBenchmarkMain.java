package dev.tradelake.lambda.bench;

import dev.tradelake.local.aws.LocalAws;
import java.nio.file.Path;

/**
 * Runs {@link TradeStorageBenchmark} against fresh local emulators and prints the figures.
 * Arguments (optional): trades per measurement, write concurrency, rounds, cold start (true/false).
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl lambda-consumer
 * java -Daws.cborEnabled=false -Dtradelake.home=. -cp lambda-consumer/target/test-classes:lambda-consumer/target/classes:$(cat lambda-consumer/target/cp.txt) \
 *     dev.tradelake.lambda.bench.TradeStorageBenchmarkMain 100000 4
 * </pre>
 */
public final class TradeStorageBenchmarkMain {

    private TradeStorageBenchmarkMain() {
    }

    public static void main(String[] args) {
        TradeStorageBenchmark.Options defaults = TradeStorageBenchmark.Options.defaults();
        TradeStorageBenchmark.Options options = new TradeStorageBenchmark.Options(
                args.length > 0 ? Integer.parseInt(args[0]) : defaults.trades(),
                defaults.tradesPerRecord(), defaults.recordsPerBatch(),
                args.length > 1 ? Integer.parseInt(args[1]) : defaults.writeConcurrency(),
                args.length > 2 ? Integer.parseInt(args[2]) : defaults.rounds(),
                args.length > 3 ? Boolean.parseBoolean(args[3]) : defaults.coldStart(), null);
        try (LocalAws aws = LocalAws.start(Path.of("target", "emulator-logs"))) {
            TradeStorageBenchmark.Figures figures = TradeStorageBenchmark.run(
                    aws.dynamoDb(), aws.dynamoDbEndpoint(), aws::createTradesTable, options);
            figures.report().forEach(System.out::println);
        }
    }
}
