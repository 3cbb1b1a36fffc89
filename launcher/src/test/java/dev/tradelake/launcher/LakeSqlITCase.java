package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./datalake local --replay REC --until-drained} leaves the recording's trades in the
 * local lake's Parquet, and {@code ./datalake sql} counts them; {@code compact} merges a day's
 * files and changes no count, run once or twice.
 */
class LakeSqlITCase {

    /** 2024-01-02T14:30:00Z: a few minutes of three symbols, with same-millisecond trades. */
    private static final long T0 = 1_704_205_800_000L;

    @Test
    void sqlCountsTheTradesOfAReplayedRecording(@TempDir Path work) throws IOException {
        Map<String, Integer> counts = new TreeMap<>(Map.of("AAA", 700, "BBB", 450, "CCC", 130));
        Path recording = work.resolve("recording.jsonl");
        Files.write(recording, frames(counts));

        Path run = work.resolve("run");
        ExportedRun local = ExportedRun.run(
                work,
                "local",
                "--replay",
                recording.toString(),
                "--speed",
                "max",
                "--until-drained",
                "--work-dir",
                run.toString(),
                "--symbols",
                String.join(",", counts.keySet()));
        assertThat(local.exitCode).as(local.errors).isZero();

        assertThat(countsBySql(work, run)).isEqualTo(counts);
        ExportedRun distinct = ExportedRun.run(
                work,
                "sql",
                "select count(distinct id) as n from trades",
                "--work-dir",
                run.toString(),
                "--format",
                "csv");
        assertThat(distinct.output.lines().toList())
                .containsExactly(
                        "n",
                        Integer.toString(counts.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum()));

        for (int i = 0; i < 2; i++) {
            ExportedRun compact =
                    ExportedRun.run(work, "compact", "--date", "2024-01-02", "--work-dir", run.toString());
            assertThat(compact.exitCode).as(compact.errors).isZero();
            assertThat(countsBySql(work, run)).as("after compaction " + (i + 1)).isEqualTo(counts);
        }
        try (var files = Files.list(run.resolve("lake/trades/dt=2024-01-02/symbol=AAA"))) {
            assertThat(files.filter(p -> !p.getFileName().toString().startsWith("."))
                            .toList())
                    .hasSize(1);
        }
    }

    private static Map<String, Integer> countsBySql(Path work, Path run) {
        ExportedRun sql = ExportedRun.run(
                work,
                "sql",
                "select symbol, count(*) from trades group by 1",
                "--work-dir",
                run.toString(),
                "--format",
                "csv");
        assertThat(sql.exitCode).as(sql.errors).isZero();
        Map<String, Integer> counts = new TreeMap<>();
        sql.output.lines().skip(1).forEach(line -> {
            String[] f = line.split(",");
            counts.put(f[0], Integer.parseInt(f[1]));
        });
        return counts;
    }

    /** Finnhub trade frames of up to 20 trades each, every symbol interleaved, times rising. */
    static List<String> frames(Map<String, Integer> counts) {
        List<String> lines = new ArrayList<>();
        int round = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                int from = round * 20;
                int to = Math.min(e.getValue(), from + 20);
                if (from >= to) {
                    continue;
                }
                more = true;
                StringBuilder frame = new StringBuilder("{\"type\":\"trade\",\"data\":[");
                for (int i = from; i < to; i++) {
                    // Two trades per millisecond, identical: both are real and both must be kept.
                    long t = T0 + (i / 2) * 250L;
                    frame.append(i > from ? "," : "")
                            .append(String.format(
                                    Locale.ROOT,
                                    "{\"s\":\"%s\",\"p\":%d.%02d,\"t\":%d,\"v\":%d,\"c\":[\"1\"]}",
                                    e.getKey(),
                                    100 + i % 7,
                                    i % 100 / 2 * 2,
                                    t,
                                    10 + i / 2 % 50));
                }
                lines.add(frame.append("]}").toString());
            }
            round++;
        }
        return lines;
    }
}
