package dev.tradelake.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.RejectReason;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeRules;
import dev.tradelake.model.TradesTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TradeItemsTest {

    private static final Trade TRADE =
            new Trade("SPY", 1_381_132_800_465L, 3, 167.41, 1400, List.of("12", "37"), 1_700_000_000_123L);

    @Test
    void anItemHoldsTheTradeUnderItsIdentity() {
        Map<String, AttributeValue> item = TradeItems.item(TRADE, 1_700_000_000_456L, 0);

        assertThat(item)
                .containsOnlyKeys(
                        TradesTable.PARTITION_KEY,
                        TradesTable.SORT_KEY,
                        TradesTable.TRADE_ID,
                        TradesTable.TIME,
                        TradesTable.PRICE,
                        TradesTable.VOLUME,
                        TradesTable.CONDITIONS,
                        TradesTable.INGEST_MS,
                        TradesTable.STORED_MS,
                        TradesTable.SYMBOL);
        assertThat(item.get(TradesTable.PARTITION_KEY).s())
                .isEqualTo(TradesTable.partitionKey(TRADE.id()))
                .startsWith("SPY#");
        assertThat(item.get(TradesTable.SYMBOL).s()).isEqualTo("SPY");
        assertThat(item.get(TradesTable.SORT_KEY).s()).isEqualTo("1381132800465#000003");
        assertThat(item.get(TradesTable.TRADE_ID).s()).isEqualTo("SPY:1381132800465:3");
        assertThat(item.get(TradesTable.TIME).n()).isEqualTo("1381132800465");
        assertThat(item.get(TradesTable.PRICE).n()).isEqualTo("167.41");
        assertThat(item.get(TradesTable.VOLUME).n()).isEqualTo("1400");
        assertThat(item.get(TradesTable.CONDITIONS).l())
                .extracting(AttributeValue::s)
                .containsExactly("12", "37");
        assertThat(item.get(TradesTable.INGEST_MS).n()).isEqualTo("1700000000123");
        assertThat(item.get(TradesTable.STORED_MS).n()).isEqualTo("1700000000456");
        assertThat(TradeItems.Key.of(item)).isEqualTo(TradeItems.Key.of(TRADE));
    }

    @Test
    void theSameTradeGivesTheSameItemButForTheWriteTime() {
        Map<String, AttributeValue> first = new java.util.HashMap<>(TradeItems.item(TRADE, 1, 30));
        Map<String, AttributeValue> again = new java.util.HashMap<>(TradeItems.item(TRADE, 2, 30));
        first.remove(TradesTable.STORED_MS);
        again.remove(TradesTable.STORED_MS);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void expiryIsIngestTimePlusTheRetentionInEpochSeconds() {
        assertThat(TradeItems.item(TRADE, 0, 30).get(TradesTable.EXPIRES_AT).n())
                .isEqualTo(Long.toString(1_700_000_000L + 30 * 86_400L));
    }

    @Test
    void pricesAndVolumesKeepTheDecimalsTheFeedSent() throws Exception {
        Trade crypto = TradeRecordFormat.decode(
                        "{\"v\":1,\"s\":\"BINANCE:BTCUSDT\",\"trades\":[[1700000000000,0,43251.12,1e-8,1700000000001,[]]]}"
                                .getBytes(StandardCharsets.UTF_8))
                .trades()
                .get(0);
        Map<String, AttributeValue> item = TradeItems.item(crypto, 0, 0);
        assertThat(item.get(TradesTable.PRICE).n()).isEqualTo("43251.12");
        assertThat(item.get(TradesTable.VOLUME).n()).isEqualTo("0.00000001");
        assertThat(new BigDecimal(item.get(TradesTable.VOLUME).n())).isEqualByComparingTo("1e-8");
    }

    @Test
    void itemBytesCountNamesAndValuesInUtf8Bytes() {
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("é€"), // 1 + 2 + 3
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab")))); // 1 + 3 + 1 + 2
        assertThat(TradeItems.itemBytes(item)).isEqualTo(6 + 7);
        assertThat(TradeItems.itemBytes(Map.of("n", AttributeValue.fromN("167.41"))))
                .isBetween(4L, 22L);
    }

    @Test
    void aTradeWhoseItemPassesDynamoDbsSizeLimitIsRefusedInBytes() {
        String condition = "é".repeat(TradeRules.MAX_ITEM_BYTES / 2); // under the limit in characters, over in bytes
        Trade big = new Trade("SPY", 1_381_132_800_465L, 0, 1, 1, List.of(condition), 1_700_000_000_123L);

        long bytes = TradeItems.itemBytes(TradeItems.item(big, 1_700_000_000_456L, 0));

        assertThat(bytes).isGreaterThan(TradeRules.MAX_ITEM_BYTES);
        assertThat(TradeRules.checkItemBytes(bytes).reason()).isEqualTo(RejectReason.ITEM_TOO_LARGE);
        assertThat(TradeRules.checkItemBytes(TradeItems.itemBytes(TradeItems.item(TRADE, 1, 0))))
                .isNull();
    }
}
