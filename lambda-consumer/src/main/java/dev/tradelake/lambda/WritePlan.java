package dev.tradelake.lambda;

import dev.tradelake.model.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the trades of a batch into BatchWriteItem requests: at most {@value #MAX_ITEMS_PER_REQUEST}
 * items each, and never two with the same key (DynamoDB refuses such a request as a whole).
 *
 * <p>The same trade can arrive twice in one batch (the ingest retried a PutRecords, or a record
 * was put twice): one item is kept, the last one, and it remembers every record it came from, so
 * that a failed write fails all of them. Requests keep the batch's record order, so the earliest
 * records are written first.
 */
final class WritePlan {

    static final int MAX_ITEMS_PER_REQUEST = 25;

    private WritePlan() {}

    /** A trade to write and the batch positions of the records that carry it. */
    record PlannedItem(TradeItems.Key key, Trade trade, List<Integer> records) {
        int firstRecord() {
            return records.get(0);
        }
    }

    /** One BatchWriteItem request's worth of items. */
    record Chunk(List<PlannedItem> items) {
        /** The earliest record with an item in this chunk. */
        int firstRecord() {
            int first = Integer.MAX_VALUE;
            for (PlannedItem item : items) {
                first = Math.min(first, item.firstRecord());
            }
            return first;
        }
    }

    /** A trade as the batch holds it, before de-duplication. */
    record SourcedItem(TradeItems.Key key, Trade trade, int record) {
        static SourcedItem of(Trade trade, int record) {
            return new SourcedItem(TradeItems.Key.of(trade), trade, record);
        }
    }

    /** Keeps one item per key, then cuts the items into chunks of {@value #MAX_ITEMS_PER_REQUEST}. */
    static List<Chunk> plan(List<SourcedItem> items) {
        return chunk(deduplicate(items), MAX_ITEMS_PER_REQUEST);
    }

    static List<PlannedItem> deduplicate(List<SourcedItem> items) {
        Map<TradeItems.Key, PlannedItem> byKey = new LinkedHashMap<>(items.size() * 4 / 3 + 1);
        for (SourcedItem s : items) {
            PlannedItem earlier = byKey.get(s.key());
            if (earlier == null) {
                byKey.put(s.key(), new PlannedItem(s.key(), s.trade(), List.of(s.record())));
            } else {
                List<Integer> records = new ArrayList<>(earlier.records());
                if (!records.contains(s.record())) {
                    records.add(s.record());
                }
                byKey.put(s.key(), new PlannedItem(s.key(), s.trade(), Collections.unmodifiableList(records)));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    static List<Chunk> chunk(List<PlannedItem> items, int size) {
        List<Chunk> chunks = new ArrayList<>(items.size() / size + 1);
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(new Chunk(List.copyOf(items.subList(from, Math.min(items.size(), from + size)))));
        }
        return chunks;
    }
}
