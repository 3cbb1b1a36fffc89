package dev.tradelake.launcher.bench;

import dev.tradelake.model.Trade;
import dev.tradelake.model.testing.PackedRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The ingest's ceiling: PutRecords calls of prebuilt records, back to back, on a few threads,
 * with nothing else in the way (no WebSocket, no parsing, no packing).
 */
public final class PutRecordsLoop {

    /** PutRecords takes at most 500 records and 5 MiB. */
    static final int MAX_RECORDS = 500;

    static final long MAX_BYTES = 5L * 1024 * 1024;

    private PutRecordsLoop() {}

    /** A prebuilt record: its data, partition key (the symbol, as the ingest uses) and trade count. */
    public record Entry(byte[] data, String key, int trades) {}

    public record Rate(long records, long trades, double seconds) {
        public double recordsPerSecond() {
            return records / seconds;
        }

        public double tradesPerSecond() {
            return trades / seconds;
        }
    }

    /** Packs trades as the ingest does at full speed ({@link PackedRecords#perSymbol(List, int)}). */
    public static List<Entry> pack(List<Trade> trades, int perRecord) {
        List<Entry> entries = new ArrayList<>();
        for (PackedRecords.Packed p : PackedRecords.perSymbol(trades, perRecord)) {
            entries.add(new Entry(p.data(), p.symbol(), p.trades().size()));
        }
        return entries;
    }

    /** Sends every entry with {@code threads} PutRecords calls in flight; retries what Kinesis refuses. */
    public static Rate run(KinesisClient kinesis, String stream, List<Entry> entries, int threads) {
        List<List<Entry>> batches = batches(entries);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < batches.size(); i += threads) {
                        send(kinesis, stream, batches.get(i));
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long trades = entries.stream().mapToLong(Entry::trades).sum();
            return new Rate(entries.size(), trades, seconds);
        } catch (Exception e) {
            throw new IllegalStateException("the bare PutRecords loop failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(KinesisClient kinesis, String stream, List<Entry> batch) {
        List<Entry> pending = batch;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException(pending.size() + " records refused ten times");
            }
            List<PutRecordsRequestEntry> request = new ArrayList<>(pending.size());
            for (Entry e : pending) {
                request.add(PutRecordsRequestEntry.builder()
                        .data(SdkBytes.fromByteArrayUnsafe(e.data()))
                        .partitionKey(e.key())
                        .build());
            }
            PutRecordsResponse response =
                    kinesis.putRecords(b -> b.streamName(stream).records(request));
            if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
                return;
            }
            List<Entry> failed = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    failed.add(pending.get(i));
                }
            }
            pending = failed;
        }
    }

    static List<List<Entry>> batches(List<Entry> entries) {
        List<List<Entry>> batches = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        long bytes = 0;
        for (Entry e : entries) {
            long size = e.data().length + e.key().getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_RECORDS || bytes + size > MAX_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(e);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
