package dev.tradelake.flink;

import dev.tradelake.model.LakeLayout;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The lake's committed Parquet files, read back with DuckDB (tests only). */
final class LakeFiles implements AutoCloseable {

    private final Connection connection;

    LakeFiles(Path lake) throws SQLException {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        connection = DriverManager.getConnection("jdbc:duckdb:", p);
        try (Statement s = connection.createStatement()) {
            for (String table : List.of("trades", "bars")) {
                s.execute("CREATE VIEW " + table + " AS SELECT *"
                        + (table.equals("trades") ? ", " + LakeLayout.TRADE_ID_SQL + " AS id" : "")
                        + " FROM read_parquet('"
                        + lake.resolve(table).toAbsolutePath().toString().replace("'", "''")
                        + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            }
        }
    }

    /** Every row of {@code sql}, each column as text. */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
