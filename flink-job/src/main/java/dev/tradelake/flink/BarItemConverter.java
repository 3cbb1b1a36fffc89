package dev.tradelake.flink;

import dev.tradelake.model.Bar;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.WindowSizes;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bar as an item of the bars table, keyed by (series, window start): the one mapping of a
 * {@link Bar} to attributes ({@link BarWrites} writes it conditionally). {@code revision} is the
 * table's own count of writes, not part of the bar.
 */
public final class BarItemConverter {

    private BarItemConverter() {}

    /** The item's attributes as {@link BarsTable} names them; no {@code vwap} when the volume is 0. */
    public static Map<String, AttributeValue> toItem(Bar bar, long updatedMs) {
        Map<String, AttributeValue> item = new HashMap<>(20);
        item.put(BarsTable.PARTITION_KEY, s(bar.series()));
        item.put(BarsTable.SORT_KEY, n(bar.windowStartMs()));
        item.put(BarsTable.SYMBOL, s(bar.symbol()));
        item.put(BarsTable.WINDOW, s(WindowSizes.label(bar.windowMs())));
        item.put(BarsTable.WINDOW_MS, n(bar.windowMs()));
        item.put(BarsTable.OPEN, n(bar.open()));
        item.put(BarsTable.HIGH, n(bar.high()));
        item.put(BarsTable.LOW, n(bar.low()));
        item.put(BarsTable.CLOSE, n(bar.close()));
        item.put(BarsTable.VOLUME, n(bar.volume()));
        item.put(BarsTable.TURNOVER, n(bar.turnover()));
        bar.vwap().ifPresent(vwap -> item.put(BarsTable.VWAP, n(vwap)));
        item.put(BarsTable.TRADES, n(bar.trades()));
        item.put(BarsTable.UPDATED_MS, n(updatedMs));
        item.put(BarsTable.FINAL, AttributeValue.builder().bool(bar.isFinal()).build());
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** The exact decimal as {@link Decimals#text} prints it, rounded only past DynamoDB's 38 digits. */
    static AttributeValue n(BigDecimal value) {
        return AttributeValue.builder().n(Decimals.text(Decimals.stored(value))).build();
    }
}
