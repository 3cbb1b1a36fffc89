package dev.tradelake.flink.testing;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeSequencer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Trades as the ingest would hand them to Kinesis, for benchmarks and in-process runs. */
public final class TradeRecords {
    /** Trades per record when packing; the ingest packs up to {@link TradeRecordFormat#MAX_TRADES}. */
    public static final int DEFAULT_TRADES_PER_RECORD = 100;
    /** Trades between two flushes of every symbol's buffer, standing in for the ingest's linger time. */
    public static final int DEFAULT_LINGER_TRADES = 2_000;

    private TradeRecords() {}

    /**
     * Reads a recording of Finnhub frames (one per line, gzip), identifies its trades with a
     * {@link TradeSequencer} in file order as the ingest does, and returns them. Refused frames and
     * trades are skipped; their count is not this method's business.
     */
    public static List<Trade> readRecording(Path framesGz) {
        TradeSequencer sequencer = new TradeSequencer();
        List<Trade> trades = new ArrayList<>(400_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(framesGz), 1 << 16), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (FinnhubCodec.parse(line) instanceof FinnhubFrame.Trades frame) {
                    for (FeedTrade t : frame.trades()) {
                        trades.add(sequencer.identify(t, t.timeMs()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + framesGz, e);
        }
        return trades;
    }

    /**
     * Packs trades as the ingest does: one buffer per symbol, a record when a buffer holds
     * {@code maxPerRecord} trades, and every buffer flushed after each {@code lingerTrades} trades
     * (the ingest flushes after a linger time; at replay speed that is a number of trades). A
     * symbol's trades stay in order, but records of different symbols interleave out of time order,
     * as they do in the stream.
     */
    public static List<byte[]> packPerSymbol(List<Trade> trades, int maxPerRecord, int lingerTrades) {
        List<byte[]> records = new ArrayList<>(trades.size() / maxPerRecord * 2 + 1);
        Map<String, List<Trade>> buffers = new LinkedHashMap<>();
        int sinceFlush = 0;
        for (Trade t : trades) {
            List<Trade> buffer = buffers.computeIfAbsent(t.symbol(), s -> new ArrayList<>(maxPerRecord));
            buffer.add(t);
            if (buffer.size() == maxPerRecord) {
                records.add(TradeRecordFormat.encode(buffer));
                buffer.clear();
            }
            if (++sinceFlush == lingerTrades) {
                flush(buffers, records);
                sinceFlush = 0;
            }
        }
        flush(buffers, records);
        return records;
    }

    private static void flush(Map<String, List<Trade>> buffers, List<byte[]> records) {
        for (List<Trade> buffer : buffers.values()) {
            if (!buffer.isEmpty()) {
                records.add(TradeRecordFormat.encode(buffer));
                buffer.clear();
            }
        }
    }

    /** Packs runs of consecutive trades of one symbol into records of at most {@code maxPerRecord}. */
    public static List<byte[]> pack(List<Trade> trades, int maxPerRecord) {
        List<byte[]> records = new ArrayList<>(trades.size() / 4 + 1);
        int start = 0;
        for (int i = 1; i <= trades.size(); i++) {
            if (i == trades.size()
                    || i - start == maxPerRecord
                    || !trades.get(i).symbol().equals(trades.get(start).symbol())) {
                records.add(TradeRecordFormat.encode(trades.subList(start, i)));
                start = i;
            }
        }
        return records;
    }

    /** The same trades {@code days} days later: repeats a recording without repeating its bars. */
    public static List<Trade> shiftDays(List<Trade> trades, int days) {
        long shift = days * 86_400_000L;
        List<Trade> shifted = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            shifted.add(new Trade(
                    t.symbol(),
                    t.timeMs() + shift,
                    t.seq(),
                    t.price(),
                    t.volume(),
                    t.conditions(),
                    t.ingestMs() + shift));
        }
        return shifted;
    }
}
