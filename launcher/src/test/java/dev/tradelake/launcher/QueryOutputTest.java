package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.launcher.QueryOutput.Column;
import dev.tradelake.launcher.QueryOutput.Format;
import dev.tradelake.launcher.QueryOutput.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryOutputTest {

    private static final List<Column> COLUMNS = List.of(
            new Column("symbol", null, Kind.TEXT),
            new Column("t", "time (UTC)", Kind.TIME),
            new Column("volume", "volume", Kind.NUMBER),
            new Column("vwap", "vwap", Kind.VWAP),
            new Column("conditions", "conditions", Kind.LIST),
            new Column("filled", "no trades", Kind.FLAG));

    @Test
    void csvHasAHeaderAndEveryColumnQuotedWhereNeeded() {
        String out = print(Format.CSV);

        assertThat(out.lines())
                .containsExactly(
                        "symbol,t,volume,vwap,conditions,filled",
                        "\"A,B\",1381132800000,0.00000001,167.3586393494,@ T,false",
                        "SPY,1381132860000,100,,,true");
    }

    @Test
    void jsonLinesKeepNumbersExactAndNullsNull() {
        String out = print(Format.JSON);

        assertThat(out.lines())
                .containsExactly(
                        "{\"symbol\":\"A,B\",\"t\":1381132800000,\"volume\":0.00000001,\"vwap\":167.35863934937,"
                                + "\"conditions\":[\"@\",\"T\"],\"filled\":false}",
                        "{\"symbol\":\"SPY\",\"t\":1381132860000,\"volume\":100,\"vwap\":null,\"conditions\":null,\"filled\":true}");
    }

    @Test
    void theTableShowsTimesAsIsoAndLeavesOutColumnsWithoutAHeader() {
        String out = print(Format.TABLE);

        assertThat(out.lines().toList().get(0)).doesNotContain("symbol").contains("time (UTC)");
        assertThat(out)
                .contains("2013-10-07T08:00:00Z")
                .contains("167.3586393494")
                .contains("yes")
                .endsWith("(2 rows)\n");
    }

    @Test
    void jsonIsAnAliasThatCannotContradictFormat() {
        QueryOutput.FormatOption option = new QueryOutput.FormatOption();
        assertThat(option.resolve()).isEqualTo(Format.TABLE);
        option.json = true;
        assertThat(option.resolve()).isEqualTo(Format.JSON);
        option.format = "csv";
        assertThatThrownBy(option::resolve).isInstanceOf(Datalake.UserError.class);
        option.json = false;
        option.format = "CSV";
        assertThat(option.resolve()).isEqualTo(Format.CSV);
        option.format = "xml";
        assertThatThrownBy(option::resolve).hasMessageContaining("table, csv, json");
    }

    private static String print(Format format) {
        StringWriter text = new StringWriter();
        QueryOutput out = new QueryOutput(format, new PrintWriter(text), COLUMNS);
        out.row(
                "A,B",
                1_381_132_800_000L,
                new BigDecimal("1E-8"),
                new BigDecimal("167.35863934937"),
                List.of("@", "T"),
                false);
        out.row("SPY", 1_381_132_860_000L, 100.0, null, null, true);
        out.end(out.rows() + " rows");
        return text.toString();
    }
}
