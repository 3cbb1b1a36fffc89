package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every figure of a run: one table for the terminal, one JSON file for the record. */
public final class BenchReport {

    private static final String[] HEADERS = {
        "stage", "figure", "value", "unit", "ceiling / baseline", "ratio", "target", "met?"
    };
    /** Right-aligned columns: the numbers. */
    private static final boolean[] RIGHT = {false, false, true, false, false, true, false, false};

    private final MachineInfo machine;
    private final Instant startedAt;
    private final List<String> arguments;
    private final List<String> stages;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Map<String, Object> inputs = new LinkedHashMap<>();

    public BenchReport(MachineInfo machine, Instant startedAt, List<String> arguments, List<String> stages) {
        this.machine = machine;
        this.startedAt = startedAt;
        this.arguments = List.copyOf(arguments);
        this.stages = List.copyOf(stages);
    }

    public synchronized void add(Figure figure) {
        figures.add(figure);
    }

    public synchronized void addAll(List<Figure> more) {
        figures.addAll(more);
    }

    public synchronized void failed(String stage, String message) {
        errors.put(stage, message);
    }

    public synchronized void input(String key, Object value) {
        inputs.put(key, value);
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    public synchronized Map<String, String> errors() {
        return Map.copyOf(errors);
    }

    /** Figures in stage order (the order of {@link Stage}), each stage's in the order measured. */
    private List<Figure> ordered() {
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(Comparator.comparingInt(f -> Stage.order(f.stage())));
        return sorted;
    }

    public synchronized void print(PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        for (Figure f : ordered()) {
            rows.add(new String[] {
                f.stage(),
                f.name(),
                number(f.value()),
                f.unit(),
                f.reference() == null
                        ? ""
                        : f.reference().name() + ": " + number(f.reference().value()),
                ratioText(f),
                f.target() == null ? "" : f.target().text(),
                f.met().map(m -> m ? "yes" : "NO").orElse("")
            });
        }
        for (String line : table(rows)) {
            out.println(line);
        }
        errors.forEach((stage, message) -> out.println("stage " + stage + " FAILED: " + message));
        out.flush();
    }

    private static List<String> table(List<String[]> rows) {
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(HEADERS, widths));
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        lines.add(rule.toString().stripTrailing());
        String previousStage = null;
        for (String[] row : rows) {
            String[] shown = row.clone();
            if (row[0].equals(previousStage)) {
                shown[0] = "";
            }
            previousStage = row[0];
            lines.add(line(shown, widths));
        }
        return lines;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            b.append(RIGHT[i] ? pad + cells[i] : cells[i] + pad).append("  ");
        }
        return b.toString().stripTrailing();
    }

    /** 1,234,567 for large values, three significant digits for small ones. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratioText(Figure f) {
        return f.ratio()
                .map(r -> f.reference().kind() == Figure.Reference.Kind.CEILING
                        ? String.format(Locale.ROOT, "%.0f %%", 100 * r)
                        : String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r))
                .orElse("");
    }

    public synchronized void writeJson(Path file, Instant finishedAt) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "./datalake bench" + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)));
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        root.put("duration_s", Math.round((finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 100.0) / 10.0);
        root.put("stages", stages);
        root.put("machine", machine.toMap());
        root.put("load_average_at_end", MachineInfo.loadAverageNow());
        root.put("inputs", inputs);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Figure f : ordered()) {
            list.add(toMap(f));
        }
        root.put("figures", list);
        root.put("errors", errors);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static Map<String, Object> toMap(Figure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", f.stage());
        m.put("key", f.key());
        m.put("figure", f.name());
        m.put("value", round(f.value()));
        m.put("unit", f.unit());
        if (f.reference() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", f.reference().name());
            r.put("value", round(f.reference().value()));
            m.put(f.reference().kind() == Figure.Reference.Kind.CEILING ? "ceiling" : "baseline", r);
        }
        f.ratio().ifPresent(r -> m.put("ratio", Math.round(r * 10_000) / 10_000.0));
        if (f.target() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("text", f.target().text());
            t.put("kind", f.target().kind().name().toLowerCase(Locale.ROOT));
            t.put("threshold", f.target().threshold());
            m.put("target", t);
            m.put("met", f.met().orElse(false));
        }
        if (!f.details().isEmpty()) {
            m.put("details", f.details());
        }
        return m;
    }

    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000.0;
    }
}
