package dev.tradelake.model.testing;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.FrameRecording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The recorded trading day of {@code <repo root>/../shared/data} (2013-10-07: SPY, BAC, AIG, IBM),
 * for tests of every module. The data is never copied into the repository, so a test that uses
 * it calls {@link #assumePresent()} first and is skipped where it is absent.
 *
 * <p>The repository root is the nearest directory holding the parent pom, looking up from the
 * system property {@code tradelake.home} (surefire and failsafe set it) or else the working directory.
 *
 * <p>Other modules get this class from model's test-jar, which holds only this package:
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.tradelake</groupId><artifactId>model</artifactId><version>${project.version}</version>
 *   <type>test-jar</type><scope>test</scope>
 * </dependency>
 * }</pre>
 */
public final class RecordedDay {

    public static final String FRAMES_FILE = "trades-2013-10-07.finnhub.jsonl.gz";
    public static final String TOTALS_FILE = "trades-2013-10-07.totals.csv";
    public static final String BARS_1M_FILE = "trades-2013-10-07.bars_1m.csv";
    /** Trades in the frames file, as its README states. */
    public static final int TOTAL_TRADES = 388_417;

    public static final List<String> SYMBOLS = List.of("AIG", "BAC", "IBM", "SPY");

    private static final String PARENT_ARTIFACT = "<artifactId>tradelake-parent</artifactId>";

    private static List<FeedTrade> trades;

    private RecordedDay() {}

    /** Per symbol: trades, total volume and VWAP, from {@link #TOTALS_FILE}. */
    public record SymbolTotals(String symbol, long trades, double volume, double vwap) {}

    /**
     * One reference bar from {@link #BARS_1M_FILE}: window {@code [windowStartMs, windowStartMs + 60,000)},
     * open/close the first/last trade by (t, order in the file), vwap null when volume is 0.
     */
    public record ReferenceBar(
            String symbol,
            long windowStartMs,
            double open,
            double high,
            double low,
            double close,
            double volume,
            Double vwap,
            long trades) {}

    /** {@code <repo root>/../shared/data}, when it exists. */
    public static Optional<Path> dataDir() {
        return repoRoot()
                .map(root -> root.resolveSibling("shared").resolve("data"))
                .filter(Files::isDirectory);
    }

    public static Optional<Path> framesFile() {
        return file(FRAMES_FILE);
    }

    public static Optional<Path> totalsFile() {
        return file(TOTALS_FILE);
    }

    public static Optional<Path> bars1mFile() {
        return file(BARS_1M_FILE);
    }

    /** Skips the calling test, saying where the data was looked for, when the recorded day is absent. */
    public static void assumePresent() {
        Assumptions.assumeTrue(
                framesFile().isPresent()
                        && totalsFile().isPresent()
                        && bars1mFile().isPresent(),
                () -> "recorded day not found: expected " + FRAMES_FILE + ", " + TOTALS_FILE + " and "
                        + BARS_1M_FILE + " in <repo root>/../shared/data (repo root: "
                        + repoRoot().map(Path::toString).orElse("not found; set -Dtradelake.home") + ")");
    }

    /** The raw frames, one per line of the file, in file order. Read afresh on every call. */
    public static List<String> frames() {
        Path path = required(framesFile(), FRAMES_FILE);
        try (InputStream in = Files.newInputStream(path)) {
            return FrameRecording.frames(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Every trade of the day in file order, parsed with {@link FinnhubCodec}; read once and cached.
     * Fails when a frame of the file is refused, since the file is reference data.
     */
    public static synchronized List<FeedTrade> trades() {
        if (trades == null) {
            List<FeedTrade> all = new ArrayList<>(TOTAL_TRADES);
            for (String frame : frames()) {
                FinnhubFrame parsed = FinnhubCodec.parse(frame);
                if (parsed instanceof FinnhubFrame.Trades t && t.rejected().isEmpty()) {
                    all.addAll(t.trades());
                } else if (!(parsed instanceof FinnhubFrame.Ping)) {
                    throw new IllegalStateException("the recorded day has a frame the codec refuses: " + parsed);
                }
            }
            trades = Collections.unmodifiableList(all);
        }
        return trades;
    }

    /** Totals per symbol, in the file's (alphabetical) order. */
    public static Map<String, SymbolTotals> totals() {
        Map<String, SymbolTotals> totals = new LinkedHashMap<>();
        for (String[] row : csv(required(totalsFile(), TOTALS_FILE), 4)) {
            totals.put(
                    row[0],
                    new SymbolTotals(
                            row[0], Long.parseLong(row[1]), Double.parseDouble(row[2]), Double.parseDouble(row[3])));
        }
        return totals;
    }

    /** The 2,310 reference one-minute bars, in the file's order (by symbol, then window start). */
    public static List<ReferenceBar> bars1m() {
        List<ReferenceBar> bars = new ArrayList<>(2_400);
        for (String[] r : csv(required(bars1mFile(), BARS_1M_FILE), 9)) {
            bars.add(new ReferenceBar(
                    r[0],
                    Long.parseLong(r[1]),
                    Double.parseDouble(r[2]),
                    Double.parseDouble(r[3]),
                    Double.parseDouble(r[4]),
                    Double.parseDouble(r[5]),
                    Double.parseDouble(r[6]),
                    r[7].isEmpty() ? null : Double.valueOf(r[7]),
                    Long.parseLong(r[8])));
        }
        return bars;
    }

    /**
     * The repository root: the nearest directory holding the parent pom at or above
     * {@code tradelake.home} (Maven sets it to the directory it runs in, which may be a module's),
     * else at or above the working directory.
     */
    public static Optional<Path> repoRoot() {
        String home = System.getProperty("tradelake.home");
        Path start = home == null || home.isBlank() ? Paths.get("") : Paths.get(home);
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isParentPomDir(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static boolean isParentPomDir(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            if (!Files.isRegularFile(pom)) {
                return false;
            }
            // Module poms name the parent too, in their <parent>; only the parent lists <modules>.
            String text = Files.readString(pom);
            return text.contains(PARENT_ARTIFACT) && text.contains("<modules>");
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> file(String name) {
        return dataDir().map(dir -> dir.resolve(name)).filter(Files::isRegularFile);
    }

    private static Path required(Optional<Path> path, String name) {
        return path.orElseThrow(
                () -> new IllegalStateException(name + " not found; call RecordedDay.assumePresent() first"));
    }

    /** The rows after the header; a row whose column count differs is an error, not data. */
    private static List<String[]> csv(Path path, int columns) {
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>(lines.size());
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] row = line.split(",", -1);
                if (row.length != columns) {
                    throw new IllegalStateException(path + ": expected " + columns + " columns: " + line);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
