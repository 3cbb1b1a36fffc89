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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long run at a paced 1,000 trades/s of the synthetic market through the whole local pipeline
 * ({@code ./datalake local --rate 1000 --count N --until-drained} in a child JVM): the resident
 * memory of each process (the launcher JVM, with the feed, ingest, handler and Flink job, and the
 * two emulators) and the launcher's live heap are sampled while the feed sends; the figures are the
 * growth of each one's floor after warm-up (see {@link #floorGrowthPercent}). The live heap is what
 * a full collection leaves (forced with {@code jcmd GC.run} once a minute): the old generation in
 * use between collections is mostly garbage waiting for the next one, and grows with the heap the
 * JVM was given, not with what the pipeline keeps. The drain and the export after the feed are not
 * sampled (the export holds every trade in memory once). The emulators' figures are the
 * emulators' own (dynalite's database grows with the data); the target is on the launcher's. Every
 * trade must be stored exactly once. Not among the default stages (30 minutes; 3 with --quick).
 */
public final class SoakStage {

    static final String STAGE = Stage.SOAK.label();
    static final int RATE = 1_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /** Every this many samples, a full collection first, then the live heap. */
    private static final int LIVE_HEAP_EVERY = 6;

    private SoakStage() {}

    /** Samples of one process: resident KB and (for a JVM) live heap KB after a full collection. */
    private static final class Samples {
        final List<Long> rssKb = new ArrayList<>();
        final List<Long> liveHeapKb = new ArrayList<>();
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
        long feedEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread sampler = new Thread(() -> sample(workDir, samples, feedEnds), "bench-soak-sampler");
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
            boolean launcher = e.getKey().equals(LAUNCHER);
            figures.add(growth(e.getKey() + " RSS", "soak_rss_growth_" + e.getKey(), e.getValue().rssKb, launcher));
            if (!e.getValue().liveHeapKb.isEmpty()) {
                figures.add(growth(
                        e.getKey() + " live heap (after a full GC)",
                        "soak_live_heap_growth_" + e.getKey(),
                        e.getValue().liveHeapKb,
                        true));
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

    private static Figure growth(String name, String key, List<Long> kb, boolean targeted) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("samples_kb", List.copyOf(kb));
        details.put("sample_every_s", SAMPLE_EVERY.toSeconds() * (name.contains("live heap") ? LIVE_HEAP_EVERY : 1));
        Figure figure = Figure.of(STAGE, key, name + ", floor growth after warm-up", floorGrowthPercent(kb), "%")
                .details(details);
        return targeted ? figure.target(Figure.Target.below(10, "< 10 % (no growth beyond noise)")) : figure;
    }

    private static final String LAUNCHER = "launcher";

    private static void sample(Path workDir, Map<String, Samples> samples, long feedEndsNanos) {
        try {
            for (int round = 0; !Thread.currentThread().isInterrupted() && System.nanoTime() < feedEndsNanos; round++) {
                boolean liveHeap = round % LIVE_HEAP_EVERY == LIVE_HEAP_EVERY - 1;
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
                                            ? LAUNCHER
                                            : null;
                    if (part == null) {
                        return;
                    }
                    Samples s = samples.computeIfAbsent(part, k -> new Samples());
                    rssKb(p.pid()).ifPresent(s.rssKb::add);
                    if (part.equals(LAUNCHER) && liveHeap) {
                        liveHeapKb(p.pid()).ifPresent(s.liveHeapKb::add);
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

    /**
     * The heap a full collection leaves: {@code jcmd GC.run} (G1's full collection moves every live
     * object to the old generation), then {@code jstat -gc}'s OU and EU columns.
     */
    private static OptionalLong liveHeapKb(long pid) {
        try {
            if (jdkTool(pid, "jcmd", "GC.run").isEmpty()) {
                return OptionalLong.empty();
            }
            Optional<String> out = jdkTool(pid, "jstat", "-gc");
            if (out.isEmpty()) {
                return OptionalLong.empty();
            }
            String[] lines = out.get().strip().split("\n");
            if (lines.length < 2) {
                return OptionalLong.empty();
            }
            List<String> header = List.of(lines[0].trim().split("\\s+"));
            String[] values = lines[1].trim().split("\\s+");
            int ou = header.indexOf("OU");
            int eu = header.indexOf("EU");
            return ou < 0 || eu < 0 || Math.max(ou, eu) >= values.length
                    ? OptionalLong.empty()
                    : OptionalLong.of(Math.round(Double.parseDouble(values[ou]) + Double.parseDouble(values[eu])));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** A JDK tool run against {@code pid}: its output, or empty when it failed or hung. */
    private static Optional<String> jdkTool(long pid, String tool, String command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        if (tool.equals("jcmd")) {
            line.addAll(List.of(Long.toString(pid), command));
        } else {
            line.addAll(List.of(command, Long.toString(pid)));
        }
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
