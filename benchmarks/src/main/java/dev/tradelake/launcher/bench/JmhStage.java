package dev.tradelake.launcher.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks, run in-process through JMH's {@link Runner} (which forks its own
 * JVM per benchmark). Short settings by default, JMH's usual ones with {@code --jmh-long}.
 */
public final class JmhStage {

    static final String STAGE = Stage.JMH.label();

    private JmhStage() {}

    /** How long: forks, warm-up and measurement iterations, seconds per iteration. */
    record Settings(int forks, int warmups, int measurements, int seconds) {
        static Settings of(boolean quick, boolean longRun) {
            if (longRun) {
                return new Settings(2, 5, 10, 2);
            }
            return quick ? new Settings(1, 1, 2, 1) : new Settings(1, 2, 3, 1);
        }
    }

    public static List<Figure> run(BenchContext ctx) throws Exception {
        Settings s = Settings.of(ctx.quick(), ctx.jmhLong());
        Path log = ctx.logDir().resolve("jmh.log");
        ctx.say(
                "jmh: %d fork(s), %d x %d s warm-up, %d x %d s measured per benchmark; JMH's output in %s",
                s.forks(), s.warmups(), s.seconds(), s.measurements(), s.seconds(), log);
        Options options = new OptionsBuilder()
                .include(Pattern.quote(CodecBenchmark.class.getName()) + "\\.")
                .include(Pattern.quote(BarAggregateBenchmark.class.getName()) + "\\.")
                .forks(s.forks())
                .warmupIterations(s.warmups())
                .warmupTime(TimeValue.seconds(s.seconds()))
                .measurementIterations(s.measurements())
                .measurementTime(TimeValue.seconds(s.seconds()))
                .shouldFailOnError(true)
                .output(log.toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Result<?>> scores = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            scores.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r.getPrimaryResult());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("forks", s.forks());
        settings.put("warmup_iterations", s.warmups());
        settings.put("measurement_iterations", s.measurements());
        settings.put("iteration_seconds", s.seconds());

        List<Figure> figures = new ArrayList<>();
        figures.add(figure(scores, "parseFrame", "Finnhub frame -> trades", "trades/s", settings)
                .against(Figure.Reference.ceiling("Jackson streaming pass", score(scores, "streamFrame"))));
        figures.add(figure(scores, "encodeRecord", "trades -> Kinesis record", "trades/s", Map.of()));
        figures.add(figure(scores, "decodeRecord", "Kinesis record -> trades", "trades/s", Map.of())
                .against(Figure.Reference.ceiling("Jackson streaming pass", score(scores, "streamRecord"))));
        figures.add(figure(scores, "foldTrades", "bar fold (BarAccumulator.add)", "trades/s", Map.of())
                .against(Figure.Reference.ceiling("plain pass over the trades", score(scores, "plainPass"))));
        figures.add(figure(scores, "mergePartials", "window fold (BarAggregate.add)", "partial bars/s", Map.of()));
        for (Figure f : figures) {
            ctx.say("jmh: %-32s %,15.0f %s", f.name(), f.value(), f.unit());
        }
        return figures;
    }

    private static Figure figure(
            Map<String, Result<?>> scores, String method, String name, String unit, Map<String, Object> extra) {
        Result<?> r = scores.get(method);
        if (r == null) {
            throw new IllegalStateException("JMH reported no result for " + method);
        }
        Map<String, Object> details = new LinkedHashMap<>(extra);
        details.put("benchmark", method);
        if (!Double.isNaN(r.getScoreError())) {
            details.put("score_error_99_9", Math.round(r.getScoreError()));
        }
        return Figure.of(STAGE, "jmh_" + method, name, r.getScore(), unit).details(details);
    }

    private static double score(Map<String, Result<?>> scores, String method) {
        Result<?> r = scores.get(method);
        return r == null ? Double.NaN : r.getScore();
    }
}
