package dev.tradelake.local.feed;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a recording of the Finnhub feed: JSON lines, one raw text frame per line, gzip or plain
 * (the format of {@code ../shared/data/trades-2013-10-07.finnhub.jsonl.gz} and of the ingest's
 * recorder). Each line becomes one batch that the feed sends as it was recorded, so a client
 * counts over a replay what it would have counted live.
 *
 * <p>A trade frame is due at its last valid trade's time and goes only to the connections
 * subscribed to its symbols (see {@link Playback}). A line that holds no valid trade (broken JSON,
 * an unknown type, an error frame, a trade frame whose entries all break the rules) cannot be
 * paced or filtered: it goes to every subscribed connection right after the frame before it.
 * Recorded pings are dropped: the feed sends its own on a wall-clock timer, which is what a
 * client's silence detection needs at any replay speed. A line longer than the frame limit is
 * refused without being held in memory, and a gzip bomb is refused ({@link BoundedLines}).
 */
public final class RecordingSource implements FeedSource {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingSource.class);
    /** The longest line sent: the ingest's own frame limit, so a refused line is one the ingest would refuse too. */
    public static final int MAX_LINE_CHARS = FinnhubCodec.DEFAULT_MAX_FRAME_CHARS;

    private final Path file;
    private final BoundedLines lines;
    private long lineNumber;
    private long unreadableLines;
    private long invalidEntries;
    private long oversizedLines;
    private long lastDueMs = Long.MIN_VALUE;

    private RecordingSource(Path file, BoundedLines lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Opens a recording; gzip is recognised by its magic bytes, not by the file name. */
    public static RecordingSource open(Path file) throws IOException {
        return new RecordingSource(file, BoundedLines.open(file, MAX_LINE_CHARS));
    }

    @Override
    public FeedBatch next() throws IOException {
        BoundedLines.Line line;
        while ((line = lines.next()) != null) {
            lineNumber++;
            if (line.oversized()) {
                oversizedLines++;
                LOG.warn(
                        "{} line {}: {} characters, over the frame limit of {}: not sent",
                        file.getFileName(),
                        lineNumber,
                        line.chars(),
                        MAX_LINE_CHARS);
                continue;
            }
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            FinnhubFrame frame = FinnhubCodec.parse(text);
            if (frame instanceof FinnhubFrame.Ping) {
                continue;
            }
            List<FeedTrade> trades = List.of();
            if (frame instanceof FinnhubFrame.Trades t) {
                invalidEntries += t.rejected().size();
                trades = t.trades();
            }
            if (trades.isEmpty()) {
                unreadableLines++;
            }
            FeedBatch batch = FeedBatch.verbatim(text, trades, lastDueMs);
            lastDueMs = batch.feedTimeMs();
            return batch;
        }
        return null;
    }

    /** Lines read so far, blank ones included. */
    public long linesRead() {
        return lineNumber;
    }

    /** Lines sent that hold no valid trade (broken JSON, error frames, only invalid entries, ...). */
    public long unreadableLines() {
        return unreadableLines;
    }

    /** Entries of trade frames that break the trade rules (sent as recorded, for the client to refuse). */
    public long invalidEntries() {
        return invalidEntries;
    }

    /** Lines longer than {@link #MAX_LINE_CHARS}: refused, not sent. */
    public long oversizedLines() {
        return oversizedLines;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        lines.close();
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
}
