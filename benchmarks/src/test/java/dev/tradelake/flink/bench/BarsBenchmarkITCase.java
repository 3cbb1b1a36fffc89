package dev.tradelake.flink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.lambda.testing.SyntheticTrades;
import dev.tradelake.model.Trade;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flink stage's entry point on made-up trades, at parallelism 2: it runs and its bars agree with the plain loop. */
class BarsBenchmarkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void theBenchmarkEntryPointRunsAndAgreesWithTheLoop() throws Exception {
        List<Trade> trades = SyntheticTrades.generate(20_000, 1_700_000_000_000L, 1_700_000_000_000L, 7);

        BarsBenchmark.Result result = BarsBenchmark.run(
                TradeRecords.pack(trades, 100), trades.size(), StreamExecutionEnvironment.getExecutionEnvironment());

        assertThat(result.barsMatch()).isTrue();
        assertThat(result.trades()).isEqualTo(trades.size());
        assertThat(result.jobTradesPerSecond()).isPositive();
        assertThat(result.loopTradesPerSecond()).isPositive();
    }
}
