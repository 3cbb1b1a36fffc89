package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline at full speed, as {@code ./datalake local --replay FILE --speed max
 * --until-drained} runs it, in a fresh JVM: trades per second from the first trade received to
 * the last item stored (its {@code summary.json}). The ceiling is the DynamoDB emulator's bare
 * BatchWriteItem rate, since every trade becomes one item; the baseline is one PutItem per trade,
 * the tutorial design's storage.
 */
public final class EndToEndStage {

    static final String STAGE = Stage.E2E.label();
    private static final int SYNTHETIC_TRADES = 200_000;
    private static final int QUICK_TRADES = 100_000;

    private EndToEndStage() {}

    public static List<Figure> run(BenchContext ctx) throws Exception {
        BenchContext.DynamoCeilings ceilings = ctx.dynamoCeilings();
        ctx.closeAws();
        List<String> args = new ArrayList<>();
        String input;
        if (ctx.data().recording().isPresent() && !ctx.quick()) {
            Path recording = ctx.data().recording().get();
            args.addAll(List.of("--replay", recording.toString()));
            input = ctx.data().describe();
        } else {
            int trades = ctx.quick() ? QUICK_TRADES : SYNTHETIC_TRADES;
            args.addAll(List.of("--count", Integer.toString(trades)));
            input = BenchData.synthetic(trades).describe();
        }
        args.addAll(List.of("--speed", "max"));
        ctx.say("e2e: ./datalake local %s --speed max --until-drained, in a child JVM", input);
        Path workDir = LocalRun.workDir("e2e");
        LocalRun.Outcome run;
        try {
            run = LocalRun.run(ctx, "e2e", args, workDir, Duration.ofMinutes(20));
        } finally {
            LocalRun.delete(workDir);
        }
        JsonNode s = run.summary();
        long accepted = s.path("trades_accepted").asLong();
        long stored = s.path("trades_stored").asLong();
        if (stored != accepted) {
            throw new IllegalStateException("stored " + stored + " of " + accepted + " accepted trades");
        }
        double rate = s.path("trades_per_second").asDouble();
        JsonNode latency = s.path("latency_ms");
        ctx.say(
                "e2e: %,d trades stored, %,d bars, %,.0f trades/s; ingest -> stored p50 %d ms, p99 %d ms (queueing at"
                        + " full speed); launcher JVM peak RSS %,d MB",
                stored,
                s.path("bars").asLong(),
                rate,
                latency.path("p50").asLong(),
                latency.path("p99").asLong(),
                run.launcherKb() / 1024);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("input", input);
        details.put("summary", new com.fasterxml.jackson.databind.ObjectMapper().convertValue(s, Map.class));
        details.put("child_wall_s", Math.round(run.seconds() * 10) / 10.0);
        details.put("bare_loop_one_writer_items_per_second", Math.round(ceilings.bareLoopRate()));

        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(STAGE, "e2e_trades_per_second", "first trade in -> last item stored", rate, "trades/s")
                .against(Figure.Reference.ceiling(
                        "bare BatchWriteItem, " + ceilings.writers() + " writers", ceilings.bareLoopParallelRate()))
                .target(Figure.Target.atLeast(5_000, ">= 5,000 trades/s (aim 7,000)"))
                .details(details));
        figures.add(Figure.of(STAGE, "e2e_vs_put_item", "first trade in -> last item stored", rate, "trades/s")
                .against(Figure.Reference.baseline("one PutItem per trade", ceilings.putItemRate())));
        figures.add(Figure.of(
                        STAGE,
                        "e2e_latency_p99_ms",
                        "ingest -> stored at full speed, p99 (queueing)",
                        latency.path("p99").asDouble(),
                        "ms")
                .details(Map.of(
                        "p50",
                        latency.path("p50").asLong(),
                        "max",
                        latency.path("max").asLong())));

        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("input", input);
        run.descendantsKb().forEach((process, kb) -> memory.put("peak_rss_mb " + process, kb / 1024));
        figures.add(Figure.of(
                        MemoryStage.STAGE,
                        "launcher_jvm_peak_rss_mb",
                        "launcher JVM (./datalake local, full speed)",
                        run.launcherKb() / 1024.0,
                        "MB")
                .details(memory));
        return figures;
    }
}
