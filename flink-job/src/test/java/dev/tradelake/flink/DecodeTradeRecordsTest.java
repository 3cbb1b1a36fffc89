package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeTradeRecordsTest {
    private final DecodeTradeRecords decode = new DecodeTradeRecords(60_000);
    private final List<PartialBar> out = new ArrayList<>();

    @BeforeEach
    void open() {
        decode.register(new UnregisteredMetricsGroup());
    }

    private void feed(byte[] record) {
        decode.flatMap(record, new ListCollector<>(out));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final long T0 = 1_381_132_800_000L; // a minute boundary

    private static Trade trade(long t, int seq, double price, double volume) {
        return new Trade("SPY", t, seq, price, volume, List.of("12"), t + 5);
    }

    @Test
    void theTradesOfARecordWithinOneMinuteBecomeOnePartialBar() {
        feed(TradeRecordFormat.encode(List.of(
                trade(T0 + 1_000, 0, 167.41, 100),
                trade(T0 + 1_000, 1, 167.45, 0),
                trade(T0 + 1_003, 0, 167.40, 250))));

        assertThat(out).hasSize(1);
        PartialBar bar = out.get(0);
        assertThat(bar.symbol).isEqualTo("SPY");
        assertThat(bar.trades).isEqualTo(3);
        assertThat(bar.open).isEqualByComparingTo("167.41");
        assertThat(bar.high).isEqualByComparingTo("167.45");
        assertThat(bar.low).isEqualByComparingTo("167.40");
        assertThat(bar.close).isEqualByComparingTo("167.40");
        assertThat(bar.volume).isEqualByComparingTo("350");
        assertThat(bar.turnover).isEqualByComparingTo("58591"); // 167.41 x 100 + 167.40 x 250
        assertThat(bar.timestampMs()).isEqualTo(T0 + 1_003);
        assertThat(decode.recordsDecoded()).isEqualTo(1);
        assertThat(decode.tradesDecoded()).isEqualTo(3);
        assertThat(decode.partialBars()).isEqualTo(1);
        assertThat(decode.recordsRejected()).isZero();
    }

    @Test
    void aRecordSpanningWindowsGivesOnePartialBarPerWindowRun() {
        feed(TradeRecordFormat.encode(List.of(
                trade(T0 + 59_999, 0, 1.0, 1),
                trade(T0 + 60_000, 0, 2.0, 1),
                trade(T0 + 61_000, 0, 3.0, 1),
                trade(T0 + 59_998, 0, 4.0, 1)))); // a little out of order: back in the first minute

        assertThat(out)
                .extracting(p -> p.openTimeMs, p -> p.closeTimeMs, p -> p.trades)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0 + 59_999, T0 + 59_999, 1L),
                        org.assertj.core.groups.Tuple.tuple(T0 + 60_000, T0 + 61_000, 2L),
                        org.assertj.core.groups.Tuple.tuple(T0 + 59_998, T0 + 59_998, 1L));
    }

    @Test
    void withOneMillisecondPartialBarsEachMillisecondIsItsOwn() {
        DecodeTradeRecords perMs = new DecodeTradeRecords(1);
        perMs.register(new UnregisteredMetricsGroup());
        perMs.flatMap(
                TradeRecordFormat.encode(List.of(trade(T0, 0, 1.0, 1), trade(T0, 1, 2.0, 1), trade(T0 + 1, 0, 3.0, 1))),
                new ListCollector<>(out));

        assertThat(out).extracting(p -> p.trades).containsExactly(2L, 1L);
    }

    @Test
    void anUnreadableRecordIsCountedBySkippedReasonAndNeverThrows() {
        feed(utf8("not json at all"));
        feed(utf8("{\"v\":2,\"s\":\"SPY\",\"trades\":[]}"));
        feed(utf8("[1,2,3]"));
        feed(new byte[0]);

        assertThat(out).isEmpty();
        assertThat(decode.recordsRejected()).isEqualTo(4);
        assertThat(decode.recordsDecoded()).isZero();
        assertThat(decode.rejected(RejectReason.MALFORMED_JSON) + decode.rejected(RejectReason.BAD_RECORD))
                .isEqualTo(4);
        assertThat(decode.rejected(RejectReason.BAD_RECORD))
                .as("wrong version, not an object")
                .isGreaterThanOrEqualTo(2);
        assertThat(decode.rejected(RejectReason.MALFORMED_JSON)).as("not JSON").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBadRowIsSkippedAndCountedWhileTheGoodRowsOfItsRecordPass() {
        feed(utf8("{\"v\":1,\"s\":\"IBM\",\"trades\":["
                + "[1000,0,180.5,100,1000,[]],"
                + "[1001,0,-3,100,1001,[]]," // bad price
                + "[1002,0,180.6,\"x\",1002,[]]," // bad volume
                + "[1003,0,180.7]," // too short
                + "[1004,0,180.8,10,1004,[\"1\"]]]}"));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).trades).isEqualTo(2);
        assertThat(out.get(0).openTimeMs).isEqualTo(1000L);
        assertThat(out.get(0).closeTimeMs).isEqualTo(1004L);
        assertThat(decode.recordsDecoded()).isEqualTo(1);
        assertThat(decode.tradesDecoded()).isEqualTo(2);
        assertThat(decode.tradesRejected()).isEqualTo(3);
        assertThat(decode.rejected(RejectReason.BAD_PRICE)).isEqualTo(1);
        assertThat(decode.rejected(RejectReason.BAD_VOLUME)).isEqualTo(1);
        assertThat(decode.rejected(RejectReason.BAD_RECORD)).isEqualTo(1);
    }

    @Test
    void poisonValuesAreRefusedEachWithItsReasonAndTheGoodTradesPass() {
        long future = System.currentTimeMillis() + TradeRules.MAX_AHEAD_MS + 3_600_000;
        feed(utf8("{\"v\":1,\"s\":\"BTC\",\"trades\":["
                + "[1000,0,43251.12,0.1,1000,[]],"
                + "[1001,0,1e200,1,1001,[]]," // DynamoDB cannot store it
                + "[1002,0,1e60,1e41,1002,[]]," // price x volume would overflow a bar
                + "[" + future + ",0,43251.5,1,1003,[]]," // would drag event time ahead
                + "[1004,0,43251.13,0.00000001,1004,[]]]}"));

        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.trades).isEqualTo(2);
            assertThat(p.volume).isEqualTo(new java.math.BigDecimal("0.10000001"));
        });
        assertThat(decode.tradesRejected()).isEqualTo(3);
        assertThat(decode.rejected(RejectReason.NUMBER_OUT_OF_RANGE)).isEqualTo(1);
        assertThat(decode.rejected(RejectReason.TURNOVER_OVERFLOW)).isEqualTo(1);
        assertThat(decode.rejected(RejectReason.FUTURE_TIME)).isEqualTo(1);
    }
}
