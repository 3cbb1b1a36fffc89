package dev.tradelake.launcher;

import dev.tradelake.model.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./datalake compact --date YYYY-MM-DD}: rewrites each partition of that day (trades and
 * bars, every symbol) from the job's many small part files (one per checkpoint) into one file.
 *
 * <p>Per partition: the committed files present now are read, each row once (trades by id, bars
 * by window and start: the same rows twice, as a job started without its state over an existing
 * lake would leave, become one), ordered, and written to a hidden temporary file in the same
 * directory; that file is renamed into place atomically, then the files it replaces are removed.
 * Files the job commits meanwhile are not touched. Run twice, or after a crash at any step, it
 * gives the same rows: a compacted file is just another input of the next run.
 */
@Command(
        name = "compact",
        mixinStandardHelpOptions = true,
        description = "Rewrite one day of the local lake's Parquet into one file per partition (safe to repeat).")
final class CompactCommand implements Callable<Integer> {

    /** Compacted files start with this; the job's part files with "part". */
    static final String PREFIX = "compacted-";

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The UTC day to compact.")
    String date;

    @Mixin
    WorkDirOption workDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new Datalake.UserError("--date '" + date + "' is not a date such as 2013-10-07");
        }
        Path dir = workDir.directory();
        int partitions = 0;
        int filesBefore = 0;
        try (LocalLake lake = LocalLake.open(dir)) {
            for (String table : List.of(LakeLayout.TRADES, LakeLayout.BARS)) {
                Path dayDir = lake.directory().resolve(table).resolve(LakeLayout.DATE_PARTITION + "=" + day);
                if (!Files.isDirectory(dayDir)) {
                    continue;
                }
                for (Path partition : list(dayDir, Files::isDirectory)) {
                    List<Path> inputs = list(partition, CompactCommand::isCommittedFile);
                    if (inputs.size() < 2) {
                        continue; // nothing to merge: running again changes nothing
                    }
                    compact(lake, table, partition, inputs);
                    partitions++;
                    filesBefore += inputs.size();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("compaction failed: " + e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .println(
                        partitions == 0
                                ? "nothing to compact on " + day + " in " + LocalLake.directory(dir)
                                : "compacted " + filesBefore + " files into " + partitions + " on " + day);
        return 0;
    }

    static void compact(LocalLake lake, String table, Path partition, List<Path> inputs) throws SQLException {
        String files = "["
                + String.join(
                        ", ",
                        inputs.stream()
                                .map(p -> LocalLake.literal(p.toString()))
                                .toList()) + "]";
        String rows = table.equals(LakeLayout.TRADES)
                // In one symbol's partition, (t, seq) is the trade id.
                ? "SELECT DISTINCT ON (t, seq) * FROM read_parquet(" + files
                        + ", hive_partitioning = false) ORDER BY t, seq"
                : "SELECT DISTINCT ON (\"window\", window_start) * FROM read_parquet(" + files
                        + ", hive_partitioning = false) ORDER BY \"window\", window_start";
        String id = UUID.randomUUID().toString();
        Path temporary = partition.resolve("." + PREFIX + id + ".tmp");
        try (Statement s = lake.connection().createStatement()) {
            s.execute("COPY (" + rows + ") TO " + LocalLake.literal(temporary.toString())
                    + " (FORMAT parquet, COMPRESSION snappy)");
        }
        try {
            Files.move(temporary, partition.resolve(PREFIX + id + ".parquet"), StandardCopyOption.ATOMIC_MOVE);
            for (Path input : inputs) {
                Files.delete(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot swap in the compacted file of " + partition, e);
        }
    }

    /** A file a reader sees: committed, not hidden (in-progress part files and temporaries start with a dot). */
    private static boolean isCommittedFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && !name.startsWith(".") && name.endsWith(".parquet");
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> which) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(which).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
