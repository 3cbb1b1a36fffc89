package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Trade;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradeJournalTest {

    private static byte[] payload(int i) {
        return ("entry " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(TradeJournal journal, long from) throws IOException {
        List<String> read = new ArrayList<>();
        try (TradeJournal.Cursor cursor = journal.cursor(from)) {
            for (TradeJournal.Entry e = cursor.next(); e != null; e = cursor.next()) {
                read.add(e.seq() + ":" + new String(e.payload(), StandardCharsets.UTF_8));
            }
        }
        return read;
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(TradeJournal.SUFFIX)).count();
        }
    }

    @Test
    void entriesAreReadBackInOrderAcrossSegmentsAndFromAnySeq(@TempDir Path dir) throws IOException {
        try (TradeJournal journal = TradeJournal.open(dir, 1 << 20, 64, 0)) {
            for (int i = 0; i < 20; i++) {
                assertThat(journal.append(payload(i))).isEqualTo(i);
            }
            assertThat(segments(dir)).isGreaterThanOrEqualTo(5);
            assertThat(readAll(journal, 0)).hasSize(20).startsWith("0:entry 0").endsWith("19:entry 19");
            assertThat(readAll(journal, 13)).hasSize(7).startsWith("13:entry 13");
        }
        try (TradeJournal reopened = TradeJournal.open(dir, 1 << 20, 64, 0)) {
            assertThat(reopened.nextSeq()).isEqualTo(20);
            assertThat(reopened.append(payload(20))).isEqualTo(20);
            assertThat(readAll(reopened, 18)).containsExactly("18:entry 18", "19:entry 19", "20:entry 20");
        }
    }

    @Test
    void aTornLastEntryIsCutOffWhenTheJournalIsOpenedAgain(@TempDir Path dir) throws IOException {
        Path segment;
        try (TradeJournal journal = TradeJournal.open(dir, 1 << 20, 1 << 20, 0)) {
            journal.append(payload(0));
            journal.append(payload(1));
        }
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(TradeJournal.SUFFIX))
                    .findFirst()
                    .orElseThrow();
        }
        long intact = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 'x'})); // a crash mid-write
        }

        try (TradeJournal journal = TradeJournal.open(dir, 1 << 20, 1 << 20, 0)) {
            assertThat(Files.size(segment)).isEqualTo(intact);
            assertThat(journal.append(payload(2))).isEqualTo(2);
            assertThat(readAll(journal, 0)).containsExactly("0:entry 0", "1:entry 1", "2:entry 2");
        }
    }

    @Test
    void theBudgetRefusesAppendsUntilDoneSegmentsAreReleased(@TempDir Path dir) throws IOException {
        try (TradeJournal journal = TradeJournal.open(dir, 200, 48, 0)) {
            int appended = 0;
            while (journal.append(payload(appended)) >= 0) {
                appended++;
            }
            assertThat(appended).isBetween(5, 15);
            assertThat(journal.bytes()).isLessThanOrEqualTo(200);

            journal.releaseBefore(appended); // everything done: all but the segment being appended to go
            assertThat(journal.append(payload(appended))).isEqualTo(appended);
            assertThat(readAll(journal, 0)).last().isEqualTo(appended + ":entry " + appended);
        }
        try (TradeJournal reopened = TradeJournal.open(dir, 200, 48, 0)) {
            assertThat(reopened.nextSeq()).isGreaterThan(1);
        }
    }

    @Test
    void anEmptiedJournalContinuesNumberingWhereTheCheckpointSays(@TempDir Path dir) throws IOException {
        try (TradeJournal journal = TradeJournal.open(dir, 1 << 20, 1 << 20, 1_234)) {
            assertThat(journal.append(payload(0))).isEqualTo(1_234);
        }
    }

    @Test
    void tradesAndCheckpointsRoundTrip(@TempDir Path dir) throws IOException {
        List<Trade> trades = List.of(
                new Trade("SPY", 1_381_132_800_465L, 3, 167.41, 1400, List.of("12", "37"), 99),
                new Trade("BINANCE:BTCUSDT", 5, 500_001, 1e-8, 0.00012345, List.of(), 7));
        assertThat(JournalEntries.decode(JournalEntries.encode(trades))).isEqualTo(trades);

        new JournalCheckpoint(42, new long[] {7, 9}, Map.of("SPY", new long[] {1_381_132_800_465L, 500_002})).save(dir);
        JournalCheckpoint back = JournalCheckpoint.load(dir);
        assertThat(back.readPosition()).isEqualTo(42);
        assertThat(back.pending()).containsExactly(7, 9);
        assertThat(back.restartSeq()).isEqualTo(7);
        assertThat(back.idFloors().get("SPY")).containsExactly(1_381_132_800_465L, 500_002);
    }
}
