package dev.tradelake.launcher.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The stages of {@code ./datalake bench}, in the order they run. Flink runs first so that its
 * "first run" figure comes from a JVM that has done nothing else; the stages that start child
 * JVMs run after the in-process ones, and JMH (which forks) last.
 */
public enum Stage {
    FLINK("flink", "the bars job on a MiniCluster next to a plain loop"),
    INGEST("ingest", "local feed -> ingest -> Kinesis emulator next to bare PutRecords loops"),
    LAMBDA("lambda", "the Lambda handler into the DynamoDB emulator next to a bare BatchWriteItem loop; cold start"),
    MEMORY("memory", "peak RSS of the ingest and Lambda JVMs"),
    E2E("e2e", "./datalake local --speed max --until-drained, in a child JVM"),
    LATENCY("latency", "./datalake local at a paced 1,000 trades/s: ingest -> stored, window end -> bar stored"),
    JMH("jmh", "JMH micro-benchmarks of the codec and the bar fold"),
    QUERY(
            "query",
            "bars queries over a month: a day of 1m, 1h and 1d as the job stores them by default, the 1h rollup of 1m bars alone; next to a bare Query"),
    DASHBOARD(
            "dashboard",
            "the dashboard's API: a day of 1m bars, a month of 1h and of 1d bars; trade stored -> forming candle via SSE at 1,000 trades/s"),
    /** Not in the default run: half an hour; ask for it with {@code --only soak}. */
    SOAK("soak", "./datalake local at a paced 1,000 trades/s for 30 minutes: memory of each part over time");

    private final String label;
    private final String description;

    Stage(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    static int order(String label) {
        for (Stage s : values()) {
            if (s.label.equals(label)) {
                return s.ordinal();
            }
        }
        return values().length;
    }

    /** The stages named (in run order), or all of them for an empty list. */
    public static List<Stage> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            List<Stage> all = new ArrayList<>(List.of(values()));
            all.remove(SOAK);
            return all;
        }
        Set<Stage> chosen = new LinkedHashSet<>();
        for (String name : names) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            Stage match = null;
            for (Stage s : values()) {
                if (s.label.equals(n)) {
                    match = s;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("unknown stage '" + name + "'; stages: " + labels());
            }
            chosen.add(match);
        }
        List<Stage> ordered = new ArrayList<>();
        for (Stage s : values()) {
            if (chosen.contains(s)) {
                ordered.add(s);
            }
        }
        return ordered;
    }

    public static String labels() {
        List<String> l = new ArrayList<>();
        for (Stage s : values()) {
            l.add(s.label);
        }
        return String.join(",", l);
    }
}
