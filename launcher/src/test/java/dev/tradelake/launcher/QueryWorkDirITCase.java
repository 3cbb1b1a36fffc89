package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.launcher.testing.BatchLoad;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.model.Bar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code query --work-dir DIR} reads the lake that {@code ./datalake local --work-dir DIR} left:
 * its DynamoDB data is started from that directory, queried, and stopped again.
 */
class QueryWorkDirITCase {

    private static final long T0 = 1_381_152_600_000L;

    @Test
    void queriesTheLakeOfAStoppedRunInItsWorkDir(@TempDir Path work) {
        // What a stopped local run leaves: the emulators' data under DIR/data, no run.json.
        try (LocalAws aws = LocalAws.start(work.resolve("logs"), LocalRunState.dataDirectory(work))) {
            aws.createBarsTable(LocalRunState.BARS_TABLE);
            List<Map<String, AttributeValue>> bars = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bars.add(BarItemConverter.toItem(
                        new Bar(
                                "SPY",
                                60_000,
                                T0 + i * 60_000L,
                                100 + i,
                                101 + i,
                                99,
                                100.5 + i,
                                10,
                                1000 + 100 * i,
                                2),
                        0));
            }
            BatchLoad.write(aws.dynamoDb(), LocalRunState.BARS_TABLE, bars);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Datalake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code =
                cli.execute("query", "bars", "SPY", "--window", "5m", "--work-dir", work.toString(), "--format", "csv");
        // VWAP: (5 x 1000 + 100 x (0+1+2+3+4)) / 50 = 120, then (5 x 1000 + 100 x 35) / 50 = 170.

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines())
                .containsExactly(
                        "symbol,window_start_ms,open,high,low,close,volume,vwap,trades,window,filled",
                        "SPY,1381152600000,100,105,99,104.5,50,120.0000000000,10,5m,false",
                        "SPY,1381152900000,105,110,99,109.5,50,170.0000000000,10,5m,false");
    }
}
