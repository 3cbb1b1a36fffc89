package dev.tradelake.launcher.bench;

import dev.tradelake.flink.testing.TradeRecords;
import dev.tradelake.local.aws.ProjectHome;
import dev.tradelake.local.feed.FeedSource;
import dev.tradelake.local.feed.RecordingSource;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeSequencer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trades the benchmarks send: the recorded day in {@code ../shared/data} when it is there,
 * else the seeded synthetic market, so that {@code ./datalake bench} works on a fresh clone.
 */
public final class BenchData {

    /** The recorded day, relative to the repository root. */
    public static final String RECORDING = "../shared/data/trades-2013-10-07.finnhub.jsonl.gz";

    public static final long SYNTHETIC_SEED = 1;

    private final Path recording;
    private final int syntheticTrades;
    private List<Trade> trades;
    private List<String> symbols;

    private BenchData(Path recording, int syntheticTrades) {
        this.recording = recording;
        this.syntheticTrades = syntheticTrades;
    }

    /**
     * @param explicit        a recording named by the user, or null for the recorded day when present
     * @param syntheticTrades how many synthetic trades stand in for a missing recording
     */
    public static BenchData locate(Path explicit, int syntheticTrades) {
        if (explicit != null) {
            if (!Files.isReadable(explicit)) {
                throw new IllegalArgumentException("cannot read the recording " + explicit);
            }
            return new BenchData(explicit.toAbsolutePath(), syntheticTrades);
        }
        Path shared = ProjectHome.get().resolve(RECORDING).normalize();
        return new BenchData(Files.isReadable(shared) ? shared : null, syntheticTrades);
    }

    /** A synthetic market of {@code count} trades, whatever the recording. */
    public static BenchData synthetic(int count) {
        return new BenchData(null, count);
    }

    public Optional<Path> recording() {
        return Optional.ofNullable(recording);
    }

    public String describe() {
        return recording != null
                ? "recording " + recording.getFileName()
                : String.format(Locale.ROOT, "synthetic market (seed %d, %,d trades)", SYNTHETIC_SEED, syntheticTrades);
    }

    /** A fresh feed source of every trade, for the local feed. */
    public FeedSource source() {
        try {
            return recording != null
                    ? RecordingSource.open(recording)
                    : SyntheticMarket.builder()
                            .seed(SYNTHETIC_SEED)
                            .count(syntheticTrades)
                            .build()
                            .source();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + recording, e);
        }
    }

    public synchronized List<String> symbols() {
        if (symbols == null) {
            try {
                symbols =
                        recording != null ? List.copyOf(RecordingSource.symbols(recording)) : SyntheticMarket.symbols();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + recording, e);
            }
        }
        return symbols;
    }

    /** Every trade, identified as the ingest does (receipt time = trade time). */
    public synchronized List<Trade> trades() {
        if (trades == null) {
            if (recording != null) {
                trades = TradeRecords.readRecording(recording);
            } else {
                TradeSequencer sequencer = new TradeSequencer();
                List<Trade> identified = new ArrayList<>(syntheticTrades);
                for (FeedTrade t : SyntheticMarket.trades(SYNTHETIC_SEED, syntheticTrades)) {
                    identified.add(sequencer.identify(t, t.timeMs()));
                }
                trades = List.copyOf(identified);
            }
        }
        return trades;
    }
}
