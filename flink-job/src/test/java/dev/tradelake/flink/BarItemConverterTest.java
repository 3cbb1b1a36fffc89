package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class BarItemConverterTest {
    private static final long T0 = 1_381_132_800_000L;

    @Test
    void writesEveryAttributeUnderTheBarsTableNames() {
        Bar bar = new Bar("SPY", 60_000, T0, 167.41, 167.5, 167.3, 167.45, 3_200, 535_760.0, 17);

        Map<String, AttributeValue> item = BarItemConverter.toItem(bar, 1_700_000_000_123L);

        assertThat(item.get(BarsTable.PARTITION_KEY).s()).isEqualTo("SPY#1m");
        assertThat(item.get(BarsTable.SORT_KEY).n()).isEqualTo("1381132800000");
        assertThat(item.get(BarsTable.SYMBOL).s()).isEqualTo("SPY");
        assertThat(item.get(BarsTable.WINDOW).s()).isEqualTo("1m");
        assertThat(item.get(BarsTable.WINDOW_MS).n()).isEqualTo("60000");
        assertThat(item.get(BarsTable.OPEN).n()).isEqualTo("167.41");
        assertThat(item.get(BarsTable.HIGH).n()).isEqualTo("167.5");
        assertThat(item.get(BarsTable.LOW).n()).isEqualTo("167.3");
        assertThat(item.get(BarsTable.CLOSE).n()).isEqualTo("167.45");
        assertThat(item.get(BarsTable.VOLUME).n()).isEqualTo("3200");
        assertThat(item.get(BarsTable.TURNOVER).n()).isEqualTo("535760");
        assertThat(item.get(BarsTable.VWAP).n()).isEqualTo("167.425");
        assertThat(item.get(BarsTable.TRADES).n()).isEqualTo("17");
        assertThat(item.get(BarsTable.UPDATED_MS).n()).isEqualTo("1700000000123");
        assertThat(item).hasSize(15);
        assertThat(item.get(BarsTable.FINAL).bool()).isFalse();
    }

    @Test
    void aZeroVolumeBarHasNoVwapAttribute() {
        Bar bar = new Bar("EURUSD", 1_000, T0, 1.1, 1.1, 1.1, 1.1, 0, 0, 3);

        Map<String, AttributeValue> item = BarItemConverter.toItem(bar, 1);

        assertThat(item).doesNotContainKey(BarsTable.VWAP);
        assertThat(item.get(BarsTable.PARTITION_KEY).s()).isEqualTo("EURUSD#1s");
        assertThat(item.get(BarsTable.VOLUME).n()).isEqualTo("0");
    }

    @Test
    void fractionalSumsArePrintedExactlyAndVwapWithoutBinaryArtifacts() {
        Bar bar = new Bar(
                "BINANCE:BTCUSDT",
                60_000,
                T0,
                new BigDecimal("43251.12"),
                new BigDecimal("43251.12"),
                new BigDecimal("43251.12"),
                new BigDecimal("43251.12"),
                new BigDecimal("320.283848"),
                new BigDecimal("13852635.14390976"),
                3);

        Map<String, AttributeValue> item = BarItemConverter.toItem(bar, 1);

        assertThat(item.get(BarsTable.VOLUME).n()).isEqualTo("320.283848");
        assertThat(item.get(BarsTable.TURNOVER).n()).isEqualTo("13852635.14390976");
        assertThat(item.get(BarsTable.VWAP).n()).isEqualTo("43251.12");
        Bar third = new Bar("X", 60_000, T0, 1, 1, 1, 1, 3, 1, 1);
        assertThat(BarItemConverter.toItem(third, 1).get(BarsTable.VWAP).n()).isEqualTo("0.33333333333333333333");
    }

    @Test
    void aWriteLandsOnlyOverAVersionWithFewerTradesAndCountsRevisions() {
        Bar bar = new Bar("SPY", 60_000, T0, 1, 2, 0.5, 1.5, 10, 12, 2);

        UpdateItemRequest open = BarWrites.update("bars", bar, 1);
        UpdateItemRequest last = BarWrites.update("bars", bar.withFinal(true), 1);

        assertThat(open.key()).containsOnlyKeys(BarsTable.PARTITION_KEY, BarsTable.SORT_KEY);
        assertThat(open.key().get(BarsTable.SORT_KEY).n()).isEqualTo(Long.toString(T0));
        assertThat(open.updateExpression()).endsWith("ADD #revision :one");
        assertThat(open.conditionExpression())
                .startsWith("attribute_not_exists(#pk) OR #trades < :a")
                .doesNotContain("#final");
        assertThat(last.conditionExpression()).contains("AND NOT #final = :true");
        assertThat(open.expressionAttributeValues().values())
                .extracting(AttributeValue::bool)
                .contains(false);
        assertThat(BarWrites.update("bars", new Bar("X", 60_000, T0, 1, 1, 1, 1, 0, 0, 1), 1)
                        .updateExpression())
                .contains("REMOVE #vwap");
    }
}
