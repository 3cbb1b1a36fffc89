package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long run at a paced 1,000 trades/s of the synthetic market through the whole local pipeline
 * ({@code ./datalake local --rate 1000 --count N --until-drained} in a child JVM): the resident
 * memory of each process (the launcher JVM, with the feed, ingest, handler and Flink job, and the
 * two emulators) and the launcher's old-generation heap are sampled; the figures are the growth of
 * each one's floor after warm-up (see {@link #floorGrowthPercent}). Every
 * trade must be stored exactly once. Not among the default stages (30 minutes; 3 with --quick).
 */
public final class SoakStage {

    static final String STAGE = Stage.SOAK.label();
    static final int RATE = 1_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    private SoakStage() {}

    /** Samples of one process: resident KB and (for a JVM) old-generation KB in use. */
    private static final class Samples {
        final List<Long> rssKb = new ArrayList<>();
        final List<Long> oldGenKb = new ArrayList<>();
    }

    public static List<Figure> run(BenchContext ctx) throws Exception {
        ctx.closeAws();
        int seconds = ctx.quick() ? 180 : 1_800;
        int count = seconds * RATE;
        ctx.say(
                "soak: ./datalake local --rate %d --count %,d (about %d min), memory sampled every %d s",
                RATE, count, seconds / 60, SAMPLE_EVERY.toSeconds());
        Path workDir = LocalRun.workDir("soak");
        Map<String, Samples> samples = new ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> sample(workDir, samples), "bench-soak-sampler");
        sampler.setDaemon(true);
        LocalRun.Outcome run;
        List<String> ids;
        try {
            sampler.start();
            run = LocalRun.run(
                    ctx,
                    "soak",
                    List.of(
                            "--count",
                            Integer.toString(count),
                            "--rate",
                            Integer.toString(RATE),
                            "--speed",
                            "realtime"),
                    workDir,
                    Duration.ofSeconds(seconds * 2L + 600));
            try (Stream<String> lines = Files.lines(run.exportDir().resolve(LocalRun.TRADES_FILE))) {
                ids = lines.skip(1)
                        .map(line -> line.substring(line.lastIndexOf(',') + 1))
                        .toList();
            }
        } finally {
            sampler.interrupt();
            sampler.join(5_000);
            LocalRun.delete(workDir);
        }
        JsonNode summary = run.summary();
        Set<String> distinct = new HashSet<>(ids);
        if (summary.path("trades_accepted").asLong() != count || ids.size() != count || distinct.size() != count) {
            throw new IllegalStateException("soak: " + count + " trades sent, "
                    + summary.path("trades_accepted").asLong() + " accepted, " + ids.size() + " stored ("
                    + distinct.size() + " distinct ids)");
        }
        List<Figure> figures = new ArrayList<>();
        for (Map.Entry<String, Samples> e : samples.entrySet()) {
            figures.add(growth(e.getKey() + " RSS", "soak_rss_growth_" + e.getKey(), e.getValue().rssKb));
            if (!e.getValue().oldGenKb.isEmpty()) {
                figures.add(growth(
                        e.getKey() + " old-generation heap",
                        "soak_old_gen_growth_" + e.getKey(),
                        e.getValue().oldGenKb));
            }
        }
        ctx.say(
                "soak: %,d trades stored once each; %s",
                count,
                figures.stream()
                        .map(f -> String.format("%s %+.1f %%", f.name(), f.value()))
                        .toList());
        return figures;
    }

    /**
     * Growth in percent of the floor: the lowest sample of the last fifth against the lowest of
     * the fifth right after warm-up (the first fifth). Floors, because a heap rises and falls with
     * every collection; only a floor that keeps rising is growth.
     */
    static double floorGrowthPercent(List<Long> kb) {
        int fifth = Math.max(1, kb.size() / 5);
        long early = min(kb.subList(Math.min(fifth, kb.size() - 1), Math.min(2 * fifth, kb.size())));
        long late = min(kb.subList(Math.max(0, kb.size() - fifth), kb.size()));
        return 100.0 * (late - early) / Math.max(1, early);
    }

    private static long min(List<Long> kb) {
        return kb.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static Figure growth(String name, String key, List<Long> kb) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("samples_kb", List.copyOf(kb));
        details.put("sample_every_s", SAMPLE_EVERY.toSeconds());
        return Figure.of(STAGE, key, name + ", floor growth after warm-up", floorGrowthPercent(kb), "%")
                .target(Figure.Target.below(10, "< 10 % (no growth beyond noise)"))
                .details(details);
    }

    private static void sample(Path workDir, Map<String, Samples> samples) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // The launcher is this JVM's child (its command line, classpath and all, is too long
                // for the JDK to read whole); the emulators are its children, named by their data path.
                ProcessHandle.current().descendants().forEach(p -> {
                    String cmd = p.info().commandLine().orElse("");
                    boolean ours = cmd.contains(workDir.toString());
                    String part = ours && cmd.contains("emulator.js kinesis")
                            ? "kinesis_emulator"
                            : ours && cmd.contains("emulator.js dynamodb")
                                    ? "dynamodb_emulator"
                                    : p.parent().map(ProcessHandle::pid).orElse(-1L)
                                                            == ProcessHandle.current()
                                                                    .pid()
                                                    && p.info()
                                                            .command()
                                                            .orElse("")
                                                            .endsWith("java")
                                            ? "launcher"
                                            : null;
                    if (part == null) {
                        return;
                    }
                    Samples s = samples.computeIfAbsent(part, k -> new Samples());
                    rssKb(p.pid()).ifPresent(s.rssKb::add);
                    if (part.equals("launcher")) {
                        oldGenKb(p.pid()).ifPresent(s.oldGenKb::add);
                    }
                });
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OptionalLong rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }

    /** {@code jstat -gc}'s OU column: old generation in use, which only collections lower. */
    private static OptionalLong oldGenKb(long pid) {
        try {
            Process jstat = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jstat")
                                    .toString(),
                            "-gc",
                            Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jstat.waitFor(10, TimeUnit.SECONDS)) {
                jstat.destroyForcibly();
                return OptionalLong.empty();
            }
            String[] lines = out.strip().split("\n");
            if (lines.length < 2) {
                return OptionalLong.empty();
            }
            List<String> header = List.of(lines[0].trim().split("\\s+"));
            String[] values = lines[1].trim().split("\\s+");
            int ou = header.indexOf("OU");
            return ou < 0 || ou >= values.length
                    ? OptionalLong.empty()
                    : OptionalLong.of(Math.round(Double.parseDouble(values[ou])));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
