package dev.tradelake.launcher.bench;

import dev.tradelake.lambda.WriteSettings;
import dev.tradelake.lambda.bench.TradeStorageBenchmark;
import dev.tradelake.local.aws.LocalAws;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda handler writing batches of Kinesis records into the DynamoDB emulator, next to bare
 * BatchWriteItem loops and one PutItem per trade in the same emulator; and its cold start. The
 * measuring is {@link TradeStorageBenchmark}'s.
 */
public final class LambdaStage {

    static final String STAGE = Stage.LAMBDA.label();

    private LambdaStage() {}

    public static List<Figure> run(BenchContext ctx) {
        LocalAws aws = ctx.aws();
        TradeStorageBenchmark.Options options = ctx.quick()
                ? new TradeStorageBenchmark.Options(20_000, 100, 100, WriteSettings.DEFAULT_CONCURRENCY, 1, true, null)
                : TradeStorageBenchmark.Options.defaults();
        ctx.say(
                "lambda: %,d trades per measurement, %d round(s), %d trades/record, %d records/invocation",
                options.trades(), options.rounds(), options.tradesPerRecord(), options.recordsPerBatch());
        TradeStorageBenchmark.Figures f =
                TradeStorageBenchmark.run(aws.dynamoDb(), aws.dynamoDbEndpoint(), aws::createTradesTable, options);
        f.report().forEach(line -> ctx.say("lambda: %s", line));
        int putItems = ctx.quick() ? 1_000 : 3_000;
        double putItemRate = BenchContext.putItemRate(aws, putItems);
        ctx.say("lambda: one PutItem per trade: %,.0f items/s", putItemRate);
        ctx.dynamoCeilings(new BenchContext.DynamoCeilings(
                f.bareLoopRate(), f.bareLoopParallelRate(), f.writeConcurrency(), putItemRate));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trades_per_measurement", f.trades());
        details.put("rounds_median_of", options.rounds());
        details.put("trades_per_record", options.tradesPerRecord());
        details.put("records_per_invocation", options.recordsPerBatch());
        details.put("write_concurrency", f.writeConcurrency());
        details.put("bare_loop_one_writer_items_per_second", Math.round(f.bareLoopRate()));
        details.put("handler_to_one_writer", Math.round(f.handlerToBareLoop() * 1000) / 1000.0);

        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(STAGE, "handler_trades_per_second", "handler -> DynamoDB", f.handlerRate(), "trades/s")
                .against(Figure.Reference.ceiling(
                        "bare BatchWriteItem, " + f.writeConcurrency() + " writers", f.bareLoopParallelRate()))
                .target(Figure.Target.ratioAtLeast(0.8, ">= 80 % of ceiling"))
                .details(details));
        figures.add(Figure.of(STAGE, "handler_vs_put_item", "handler -> DynamoDB", f.handlerRate(), "trades/s")
                .against(Figure.Reference.baseline("one PutItem per trade", putItemRate))
                .details(Map.of("put_items", putItems)));
        if (f.coldStart() != null) {
            TradeStorageBenchmark.ColdStart c = f.coldStart();
            Map<String, Object> cold = new LinkedHashMap<>();
            cold.put("jvm_to_main_ms", c.jvmToMainMs());
            cold.put("constructor_ms", c.constructMs());
            cold.put("first_batch_ms", c.firstBatchMs());
            cold.put("first_batch_trades", c.trades());
            cold.put("median_of", options.rounds());
            figures.add(
                    Figure.of(STAGE, "cold_start_ms", "cold start: fresh JVM -> first batch written", c.totalMs(), "ms")
                            .details(cold));
        }
        return figures;
    }
}
