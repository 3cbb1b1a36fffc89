package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(RecordingSource.open(file))
                .pace(Pace.max())
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe(List.copyOf(RecordingSource.symbols(file)));

            assertThat(feed.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(client.awaitTrades(recorded.size(), Duration.ofSeconds(20)))
                    .isTrue();
            assertThat(bySymbol(client.trades())).isEqualTo(bySymbol(recorded));
            assertThat(client.trades()).hasSameSizeAs(recorded);
            // the recording's bad lines arrive as recorded (after the last trade), for the client to count
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client.errors().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(client.errors())
                    .hasSize(3)
                    .anyMatch(e -> e.contains("bad_price"))
                    .anyMatch(e -> e.contains("{not json"))
                    .contains("recorded error");
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
                assertThat(source.unreadableLines())
                        .as("only an invalid entry, broken JSON, an error frame")
                        .isEqualTo(3);
                assertThat(source.invalidEntries())
                        .as("the entry with a negative price")
                        .isEqualTo(1);
                assertThat(source.oversizedLines()).isZero();
            }
            assertThat(read).isEqualTo(recorded);
            assertThat(RecordingSource.symbols(file)).containsExactlyInAnyOrderElementsOf(SyntheticMarket.symbols());
        }
    }

    @Test
    void sendsEveryRecordedLineVerbatimExceptPings() throws Exception {
        Path file = writeRecording(dir.resolve("verbatim.jsonl"), false);
        List<String> expected = Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.equals(FinnhubCodec.ping()))
                .toList();

        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(RecordingSource.open(file))
                .pace(Pace.max())
                .startWhenSubscribed(RecordingSource.symbols(file))
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe(List.copyOf(RecordingSource.symbols(file)));
            assertThat(feed.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(client.awaitTrades(recorded.size(), Duration.ofSeconds(20)))
                    .isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client.frames().size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(client.frames()).isEqualTo(expected);
            client.closeBlocking();
        }
    }

    @Test
    void aPartialSubscriberGetsItsSymbolsEntriesAsRecorded() {
        String frame = "{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"A\",\"t\":1,\"v\":1},"
                + "{\"p\":-1,\"s\":\"B\",\"t\":1,\"v\":1},{\"p\":-1,\"s\":\"A\",\"t\":2,\"v\":1},null]}";

        String mine = RecordedFrames.only(frame, "A"::equals, List.of());

        assertThat(mine)
                .isEqualTo("{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"A\",\"t\":1,\"v\":1},"
                        + "{\"p\":-1,\"s\":\"A\",\"t\":2,\"v\":1},null]}");
    }

    @Test
    void aLineOverTheFrameLimitIsRefusedWithoutBeingHeld() throws Exception {
        Path file = dir.resolve("long.jsonl");
        List<FeedTrade> few = recorded.subList(0, 5);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"type\":\"trade\",\"data\":[");
            for (int i = 0; i < RecordingSource.MAX_LINE_CHARS / 10; i++) {
                w.write("0123456789");
            }
            w.write("]}\n");
            w.write(FinnhubCodec.tradeFrame(few) + "\n");
        }
        List<FeedTrade> read = new ArrayList<>();
        try (RecordingSource source = RecordingSource.open(file)) {
            FeedBatch batch;
            while ((batch = source.next()) != null) {
                read.addAll(batch.trades());
            }
            assertThat(source.oversizedLines()).isEqualTo(1);
            assertThat(source.linesRead()).isEqualTo(2);
        }
        assertThat(read).isEqualTo(few);
    }

    @Test
    void aGzipBombIsRefused() throws Exception {
        Path file = dir.resolve("bomb.jsonl.gz");
        byte[] zeros = new byte[1 << 20];
        java.util.Arrays.fill(zeros, (byte) '0');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((FinnhubCodec.tradeFrame(recorded.subList(0, 3)) + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 48; i++) {
                out.write(zeros);
            }
        }

        assertThatThrownBy(() -> RecordingSource.symbols(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gzip bomb");
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
