package dev.tradelake.launcher;

import dev.tradelake.launcher.tables.TimeArgument;
import dev.tradelake.model.Decimals;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What every query prints, in the format asked for: a table for people, CSV (a header, then one
 * line per row) or JSON lines for scripts. CSV and JSON carry every column; the table those meant
 * for a terminal.
 */
final class QueryOutput {

    /** {@code --format table|csv|json}, and {@code --json} as it always was. */
    static final class FormatOption {
        @Option(
                names = "--format",
                paramLabel = "table|csv|json",
                description = "Output: a table (the default), CSV with a header line, or JSON lines.")
        String format;

        @Option(names = "--json", description = "The same as --format json.")
        boolean json;

        Format resolve() {
            if (format == null) {
                return json ? Format.JSON : Format.TABLE;
            }
            Format chosen;
            try {
                chosen = Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Datalake.UserError("--format '" + format + "' is not one of table, csv, json");
            }
            if (json && chosen != Format.JSON) {
                throw new Datalake.UserError("--json and --format " + format + " ask for two formats");
            }
            return chosen;
        }
    }

    enum Format {
        TABLE,
        CSV,
        JSON
    }

    /** How a value prints. */
    enum Kind {
        TEXT,
        /** BigDecimal, Long or Double; doubles as the shortest decimal that reads back the same. */
        NUMBER,
        /** Epoch ms: a number in CSV and JSON, ISO 8601 UTC in the table. */
        TIME,
        /** BigDecimal: ten decimals in the table and CSV (as the reference bars file), all digits in JSON. */
        VWAP,
        /** Boolean: true/false in CSV and JSON, "yes" or nothing in the table. */
        FLAG,
        /** List of strings: an array in JSON, space-separated elsewhere. */
        LIST
    }

    /**
     * One column.
     *
     * @param key    the CSV header and JSON key
     * @param header the table header; null to leave the column out of the table
     */
    record Column(String key, String header, Kind kind) {}

    private final Format format;
    private final PrintWriter out;
    private final List<Column> columns;
    private final TextTable table;
    private int rows;

    QueryOutput(Format format, PrintWriter out, List<Column> columns) {
        this.format = format;
        this.out = out;
        this.columns = List.copyOf(columns);
        this.table = format == Format.TABLE
                ? new TextTable(columns.stream()
                        .filter(c -> c.header() != null)
                        .map(Column::header)
                        .toArray(String[]::new))
                : null;
        if (format == Format.CSV) {
            out.println(String.join(",", columns.stream().map(Column::key).toList()));
        }
    }

    /** One row: a value per column, in column order; null prints as nothing (JSON null). */
    void row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        rows++;
        switch (format) {
            case TABLE -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < values.length; i++) {
                    if (columns.get(i).header() != null) {
                        cells.add(text(columns.get(i).kind(), values[i], true));
                    }
                }
                table.row(cells.toArray(String[]::new));
            }
            case CSV -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < values.length; i++) {
                    cells.add(Export.csv(text(columns.get(i).kind(), values[i], false)));
                }
                out.println(String.join(",", cells));
            }
            case JSON ->
                out.println(Json.line(g -> {
                    for (int i = 0; i < values.length; i++) {
                        Column c = columns.get(i);
                        Object v = values[i];
                        g.writeFieldName(c.key());
                        if (v == null) {
                            g.writeNull();
                        } else if (c.kind() == Kind.TEXT) {
                            g.writeString(v.toString());
                        } else if (c.kind() == Kind.FLAG) {
                            g.writeBoolean((Boolean) v);
                        } else if (c.kind() == Kind.LIST) {
                            g.writeStartArray();
                            for (Object s : (List<?>) v) {
                                g.writeString(s.toString());
                            }
                            g.writeEndArray();
                        } else {
                            g.writeNumber(Numbers.plain(decimal(v)));
                        }
                    }
                }));
        }
    }

    /** Ends the output: the table with its caption (a count), nothing more for CSV and JSON. */
    void end(String caption) {
        if (table != null) {
            table.print(out, caption);
        }
        out.flush();
    }

    int rows() {
        return rows;
    }

    private static String text(Kind kind, Object v, boolean forTable) {
        if (v == null) {
            return "";
        }
        return switch (kind) {
            case TEXT -> v.toString();
            case NUMBER -> Numbers.plain(decimal(v));
            case TIME -> forTable ? TimeArgument.format((Long) v) : v.toString();
            case VWAP -> Numbers.vwap(decimal(v));
            case FLAG -> forTable ? ((Boolean) v ? "yes" : "") : v.toString();
            case LIST ->
                String.join(" ", ((List<?>) v).stream().map(Object::toString).toList());
        };
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double d) {
            return Decimals.of(d);
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new IllegalArgumentException("not a number: " + v);
    }
}
