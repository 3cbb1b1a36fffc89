package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code ./datalake local ... --until-drained --export DIR} through the launcher's own code and reads what it wrote. */
final class ExportedRun {

    /** One row of bars_1m.csv, VWAP null when empty; numbers as their text spells them. */
    record CsvBar(
            String symbol,
            long windowStartMs,
            BigDecimal open,
            BigDecimal high,
            BigDecimal low,
            BigDecimal close,
            BigDecimal volume,
            BigDecimal vwap,
            long trades) {}

    /** One row of trades.csv. */
    record CsvTrade(String symbol, long timeMs, BigDecimal price, BigDecimal volume, String id) {}

    final int exitCode;
    final String output;
    final String errors;
    final Path dir;

    private ExportedRun(int exitCode, String output, String errors, Path dir) {
        this.exitCode = exitCode;
        this.output = output;
        this.errors = errors;
        this.dir = dir;
    }

    static ExportedRun local(Path workDir, String... args) {
        Path exportDir = workDir.resolve("export");
        // Any free port for the dashboard: tests never take the documented one from a person's run.
        List<String> all = new ArrayList<>(List.of(
                "local",
                "--until-drained",
                "--export",
                exportDir.toString(),
                "--work-dir",
                workDir.resolve("run").toString(),
                "--dashboard-port",
                "0"));
        all.addAll(Arrays.asList(args));
        return run(exportDir, all.toArray(String[]::new));
    }

    static ExportedRun run(Path exportDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Datalake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new ExportedRun(code, out.toString(), err.toString(), exportDir);
    }

    JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(dir.resolve(Export.SUMMARY_FILE).toFile());
    }

    List<CsvBar> bars() throws IOException {
        return csvBars(Files.readAllLines(dir.resolve(Export.BARS_1M_FILE)));
    }

    /** Bars in the CSV of bars_1m.csv, or of {@code query bars --format csv} (whose first nine columns are those). */
    static List<CsvBar> csvBars(List<String> lines) {
        assertThat(lines.get(0)).startsWith("symbol,window_start_ms,open,high,low,close,volume,vwap,trades");
        return lines.stream()
                .skip(1)
                .map(line -> {
                    String[] f = line.split(",", -1);
                    return new CsvBar(
                            f[0],
                            Long.parseLong(f[1]),
                            new BigDecimal(f[2]),
                            new BigDecimal(f[3]),
                            new BigDecimal(f[4]),
                            new BigDecimal(f[5]),
                            new BigDecimal(f[6]),
                            f[7].isEmpty() ? null : new BigDecimal(f[7]),
                            Long.parseLong(f[8]));
                })
                .toList();
    }

    List<CsvTrade> trades() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(Export.TRADES_FILE));
        assertThat(lines.get(0)).isEqualTo("symbol,t,price,volume,id");
        return lines.stream()
                .skip(1)
                .map(line -> {
                    String[] f = line.split(",", -1);
                    return new CsvTrade(f[0], Long.parseLong(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]), f[4]);
                })
                .toList();
    }
}
