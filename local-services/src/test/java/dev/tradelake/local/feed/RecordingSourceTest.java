package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingSourceTest {

    @TempDir
    Path dir;

    private final List<FeedTrade> recorded = SyntheticMarket.trades(99, 3000);

    @Test
    void replaysEveryRecordedTradeOverTheWireKeepingEachSymbolsOrder() throws Exception {
        Path file = writeRecording(dir.resolve("day.finnhub.jsonl.gz"), true);

        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder().source(RecordingSource.open(file))
                .pace(Pace.max()).build().start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe(List.copyOf(RecordingSource.symbols(file)));

            assertThat(feed.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(client.awaitTrades(recorded.size(), Duration.ofSeconds(20))).isTrue();
            assertThat(bySymbol(client.trades())).isEqualTo(bySymbol(recorded));
            assertThat(client.trades()).hasSameSizeAs(recorded);
            assertThat(client.errors()).isEmpty();
            client.closeBlocking();
        }
    }

    @Test
    void readsPlainAndGzipFilesSkippingPingsAndCountingBadLines() throws Exception {
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = writeRecording(dir.resolve("rec-" + gzip + ".jsonl"), gzip);
            List<FeedTrade> read = new ArrayList<>();
            try (RecordingSource source = RecordingSource.open(file)) {
                FeedBatch batch;
                while ((batch = source.next()) != null) {
                    read.addAll(batch.trades());
                }
                assertThat(source.skippedLines()).as("broken JSON and an error frame").isEqualTo(2);
                assertThat(source.skippedEntries()).as("the entry with a negative price").isEqualTo(1);
            }
            assertThat(read).isEqualTo(recorded);
            assertThat(RecordingSource.symbols(file)).containsExactlyInAnyOrderElementsOf(SyntheticMarket.symbols());
        }
    }

    /** Frames of up to 7 trades, a ping every 20 frames, plus lines a recording may hold by mistake. */
    private Path writeRecording(Path file, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            FeedSource frames = new TradeFramer(7, 100).frames(recorded.iterator());
            int n = 0;
            FeedBatch batch;
            while ((batch = frames.next()) != null) {
                w.write(FinnhubCodec.tradeFrame(batch.trades()) + "\n");
                if (++n % 20 == 0) {
                    w.write(FinnhubCodec.ping() + "\n");
                }
            }
            w.write("{\"type\":\"trade\",\"data\":[{\"p\":-1,\"s\":\"AAPL\",\"t\":1,\"v\":1}]}\n");
            w.write("{not json\n");
            w.write(FinnhubCodec.error("recorded error") + "\n");
            w.write("\n");
        }
        return file;
    }

    private static Map<String, List<FeedTrade>> bySymbol(List<FeedTrade> trades) {
        return trades.stream().collect(Collectors.groupingBy(FeedTrade::symbol));
    }
}
