package dev.tradelake.flink.testing;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.FrameRecording;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeSequencer;
import dev.tradelake.model.testing.PackedRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        try (BufferedReader in = FrameRecording.reader(Files.newInputStream(framesGz))) {
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

    /** {@link PackedRecords#perSymbol(List, int, int)}: packed as the ingest packs them, as bytes. */
    public static List<byte[]> packPerSymbol(List<Trade> trades, int maxPerRecord, int lingerTrades) {
        return PackedRecords.data(PackedRecords.perSymbol(trades, maxPerRecord, lingerTrades));
    }

    /** {@link PackedRecords#runs}: runs of consecutive trades of one symbol, as bytes. */
    public static List<byte[]> pack(List<Trade> trades, int maxPerRecord) {
        return PackedRecords.data(PackedRecords.runs(trades, maxPerRecord));
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
