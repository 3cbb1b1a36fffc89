package dev.tradelake.launcher;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./datalake sql "SELECT ..."}: SQL over the local lake's Parquet files ({@link LocalLake}),
 * printed as {@code ./datalake query} prints ({@link QueryOutput}).
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Run SQL (DuckDB's dialect) over the local lake's Parquet files.",
            "Views: trades (t, seq, price, volume, dt, symbol, id) and bars (window_start, window, open, high,"
                    + " low, close, volume, turnover, vwap, trades, dt, symbol). Prices and volumes are exact"
                    + " decimal text: CAST(volume AS DECIMAL(38, 18)) to sum them exactly."
        })
final class SqlCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "SQL",
            description = "The query, such as \"select symbol, count(*) from trades group by 1\".")
    String sql;

    @Mixin
    WorkDirOption workDir;

    @Mixin
    LimitOption limit;

    @Mixin
    QueryOutput.FormatOption format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        QueryOutput.Format chosen = format.resolve();
        Path dir = workDir.directory();
        try (LocalLake lake = LocalLake.open(dir);
                Statement statement = lake.connection().createStatement()) {
            statement.setMaxRows(limit.rows);
            try (ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<QueryOutput.Column> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnLabel(i);
                    columns.add(new QueryOutput.Column(name, name, kind(meta.getColumnType(i))));
                }
                QueryOutput out = new QueryOutput(chosen, spec.commandLine().getOut(), columns);
                while (rs.next()) {
                    Object[] values = new Object[columns.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(rs, i + 1, columns.get(i).kind());
                    }
                    out.row(values);
                }
                out.end(out.rows() + (out.rows() == 1 ? " row" : " rows") + " from " + lake.directory());
            }
        } catch (SQLException e) {
            throw new Datalake.UserError("sql: " + firstLine(e.getMessage()));
        }
        return 0;
    }

    /** How a JDBC column type prints: numbers as numbers, booleans as flags, the rest as text. */
    static QueryOutput.Kind kind(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.DECIMAL,
                    Types.NUMERIC,
                    Types.FLOAT,
                    Types.REAL,
                    Types.DOUBLE -> QueryOutput.Kind.NUMBER;
            case Types.BOOLEAN, Types.BIT -> QueryOutput.Kind.FLAG;
            default -> QueryOutput.Kind.TEXT;
        };
    }

    private static Object value(ResultSet rs, int column, QueryOutput.Kind kind) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case NUMBER -> v instanceof Float f ? Double.valueOf(f.toString()) : v;
            case FLAG -> v;
            // Timestamps in ISO 8601 UTC, as the query commands print times.
            default -> v instanceof OffsetDateTime odt ? odt.toInstant().toString() : v.toString();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the query failed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
