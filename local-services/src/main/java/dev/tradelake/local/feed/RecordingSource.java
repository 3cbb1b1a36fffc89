package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Replays a recording of the Finnhub feed: JSON lines, one raw text frame per line, gzip or plain
 * (the format of {@code ../shared/data/trades-2013-10-07.finnhub.jsonl.gz} and of the ingest's
 * recorder). Each recorded trade frame becomes one batch, due at its last trade's time.
 *
 * <p>Recorded pings are dropped: the feed sends its own on a wall-clock timer, which is what a
 * client's silence detection needs at any replay speed. Lines that are not trade frames, and
 * entries that break the trade rules, are skipped and counted: the feed re-frames trades per
 * subscription and cannot filter what it cannot read.
 */
public final class RecordingSource implements FeedSource {

    private final Path file;
    private final BufferedReader reader;
    private long lineNumber;
    private long skippedLines;
    private long skippedEntries;

    private RecordingSource(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    /** Opens a recording; gzip is recognised by its magic bytes, not by the file name. */
    public static RecordingSource open(Path file) throws IOException {
        return new RecordingSource(file, openReader(file));
    }

    @Override
    public FeedBatch next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            FinnhubFrame frame = FinnhubCodec.parse(line);
            if (frame instanceof FinnhubFrame.Trades trades) {
                skippedEntries += trades.rejected().size();
                if (!trades.trades().isEmpty()) {
                    return FeedBatch.of(trades.trades());
                }
            } else if (!(frame instanceof FinnhubFrame.Ping)) {
                skippedLines++;
            }
        }
        return null;
    }

    /** Lines read so far, blank ones included. */
    public long linesRead() {
        return lineNumber;
    }

    /** Lines that were neither a trade frame nor a ping (broken JSON, error frames, ...). */
    public long skippedLines() {
        return skippedLines;
    }

    /** Entries of trade frames refused by the trade rules. */
    public long skippedEntries() {
        return skippedEntries;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * Every symbol that has at least one valid trade in the recording, sorted: what a client
     * must subscribe to in order to receive the whole recording. Reads the whole file.
     */
    public static SortedSet<String> symbols(Path file) throws IOException {
        SortedSet<String> symbols = new TreeSet<>();
        try (RecordingSource source = open(file)) {
            FeedBatch batch;
            while ((batch = source.next()) != null) {
                for (FeedTrade t : batch.trades()) {
                    symbols.add(t.symbol());
                }
            }
        }
        return symbols;
    }

    private static BufferedReader openReader(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            if (isGzip(in)) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }
}
