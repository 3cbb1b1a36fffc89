package dev.tradelake.launcher;

import dev.tradelake.model.LakeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The local lake ({@code <work-dir>/lake}, where {@code ./datalake local}'s Flink job writes its
 * Parquet) opened in an in-memory DuckDB, with {@code trades} and {@code bars} as views over
 * the committed files, partitions ({@code dt}, {@code symbol}) read from the directory names,
 * and the trade id derived ({@link LakeLayout#TRADE_ID_SQL}).
 * DuckDB reads Parquet with its built-in reader; it is told never to download an extension.
 */
final class LocalLake implements AutoCloseable {

    /** The lake directory of a work directory. */
    static Path directory(Path workDir) {
        return workDir.resolve("lake");
    }

    private final Path lake;
    private final Connection connection;

    private LocalLake(Path lake, Connection connection) {
        this.lake = lake;
        this.connection = connection;
    }

    static LocalLake open(Path workDir) {
        Path lake = directory(workDir).toAbsolutePath();
        Properties settings = new Properties();
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("autoload_known_extensions", "false");
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:", settings);
            LocalLake opened = new LocalLake(lake, connection);
            try (Statement s = connection.createStatement()) {
                for (String table : new String[] {LakeLayout.TRADES, LakeLayout.BARS}) {
                    String id = table.equals(LakeLayout.TRADES) ? ", " + LakeLayout.TRADE_ID_SQL + " AS id" : "";
                    s.execute("CREATE VIEW " + table + " AS SELECT *" + id + " FROM (" + opened.scan(table, "*.parquet")
                            + ")");
                }
            }
            return opened;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB over " + lake + ": " + e.getMessage(), e);
        }
    }

    Connection connection() {
        return connection;
    }

    Path directory() {
        return lake;
    }

    /**
     * A SELECT over {@code table}'s files matching {@code fileGlob} in every partition, with the
     * partition columns; when none exist yet, an empty relation of the same columns so that a
     * query over a lake without files answers with no rows instead of an error.
     */
    String scan(String table, String fileGlob) {
        Path dir = lake.resolve(table);
        if (!hasFiles(dir)) {
            return "SELECT * FROM (" + emptyColumns(table) + ") WHERE false";
        }
        return "SELECT * FROM read_parquet(" + literal(dir + "/*/*/" + fileGlob)
                + ", hive_partitioning = true, hive_types = {'" + LakeLayout.DATE_PARTITION + "': DATE, '"
                + LakeLayout.SYMBOL_PARTITION + "': VARCHAR})";
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.find(
                dir,
                3,
                (p, a) -> a.isRegularFile() && p.getFileName().toString().endsWith(".parquet"))) {
            return files.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String emptyColumns(String table) {
        String partitions =
                "NULL::DATE AS " + LakeLayout.DATE_PARTITION + ", NULL::VARCHAR AS " + LakeLayout.SYMBOL_PARTITION;
        if (table.equals(LakeLayout.TRADES)) {
            return "SELECT NULL::TIMESTAMPTZ AS t, NULL::INTEGER AS seq, NULL::VARCHAR AS price, NULL::VARCHAR AS volume,"
                    + " " + partitions;
        }
        return "SELECT NULL::TIMESTAMPTZ AS window_start, NULL::VARCHAR AS \"window\", NULL::VARCHAR AS open,"
                + " NULL::VARCHAR AS high, NULL::VARCHAR AS low, NULL::VARCHAR AS close, NULL::VARCHAR AS volume,"
                + " NULL::VARCHAR AS turnover, NULL::VARCHAR AS vwap, NULL::BIGINT AS trades, " + partitions;
    }

    /** A SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing was written through this connection; a failed close loses nothing.
        }
    }
}
