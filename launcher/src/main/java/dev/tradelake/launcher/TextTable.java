package dev.tradelake.launcher;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with right-aligned columns, for terminals. */
final class TextTable {

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers;
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out, String caption) {
        for (String line : lines()) {
            out.println(line);
        }
        out.println("(" + caption + ")");
    }

    List<String> lines() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 2);
        lines.add(format(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        lines.add(rule.toString().stripTrailing());
        for (String[] row : rows) {
            lines.add(format(row, widths));
        }
        return lines;
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(" ".repeat(widths[i] - cells[i].length()))
                    .append(cells[i])
                    .append("  ");
        }
        return line.toString().stripTrailing();
    }
}
