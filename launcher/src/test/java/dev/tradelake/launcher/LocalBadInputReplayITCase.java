package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradelake.local.feed.FeedBatch;
import dev.tradelake.local.feed.FeedSource;
import dev.tradelake.local.feed.SyntheticMarket;
import dev.tradelake.local.feed.TradeFramer;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.TradeSequencer;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./datalake local --replay} of a recording full of bad input: the feed sends it as it was
 * recorded, so the ingest's own counters (and summary.json) show each rejection by reason, and
 * every valid trade is stored once.
 */
class LocalBadInputReplayITCase {

    private static final int COUNT = 2_000;
    private static final long POISON_TIME = 1_000_000_000_000L;

    @Test
    void countsEveryRecordedRejectionByReasonAndStoresEveryValidTradeOnce(@TempDir Path work) throws Exception {
        List<FeedTrade> valid = SyntheticMarket.trades(17, COUNT);
        String symbol = valid.get(0).symbol();
        Path recording = work.resolve("bad-input.jsonl");
        try (Writer w = Files.newBufferedWriter(recording)) {
            FeedSource frames = new TradeFramer(40, 200).frames(valid.iterator());
            FeedBatch batch;
            int n = 0;
            while ((batch = frames.next()) != null) {
                String frame = FinnhubCodec.tradeFrame(batch.trades());
                if (n == 3) {
                    // an invalid entry and a null among the valid trades of one frame
                    frame = frame.replace(
                            "\"data\":[", "\"data\":[null,{\"p\":-1,\"s\":\"" + symbol + "\",\"t\":1,\"v\":1},");
                }
                w.write(frame + "\n");
                switch (n++) {
                    case 5 ->
                        w.write("{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"" + symbol
                                + "\",\"t\":2,\"v\":-5}]}\n");
                    case 10 -> w.write("{not json\n");
                    case 15 -> w.write("{\"type\":\"news\",\"data\":[]}\n");
                    case 20 -> w.write("{\"type\":\"trade\",\"data\":{}}\n");
                    // a price within the trade rules of the ingest but outside DynamoDB's number range
                    case 25 ->
                        w.write("{\"type\":\"trade\",\"data\":[{\"p\":1e200,\"s\":\"" + symbol + "\",\"t\":"
                                + POISON_TIME + ",\"v\":1}]}\n");
                    default -> {}
                }
            }
        }

        ExportedRun run = ExportedRun.local(work, "--replay", recording.toString(), "--speed", "max", "--no-flink");

        assertThat(run.exitCode).as(run.errors).isZero();
        JsonNode summary = run.summary();
        Map<String, Long> rejected = new TreeMap<>();
        summary.path("trades_rejected")
                .properties()
                .forEach(e -> rejected.put(e.getKey(), e.getValue().asLong()));
        assertThat(rejected)
                .containsAllEntriesOf(Map.of(
                        "entry_not_object",
                        1L,
                        "bad_price",
                        1L,
                        "bad_volume",
                        1L,
                        "malformed_json",
                        1L,
                        "unknown_type",
                        1L,
                        "data_not_array",
                        1L));
        assertThat(summary.path("trades_stored").asLong()).isEqualTo(COUNT);
        // the 1e200 trade: dead-lettered by the Lambda with its data, and listed by redrive; or, once the
        // trade rules check DynamoDB's number range, refused by the ingest and counted there
        if (summary.path("trades_accepted").asLong() == COUNT + 1) {
            assertThat(summary.path("records_dead_lettered").asLong()).isEqualTo(1);
            ExportedRun listed = ExportedRun.run(
                    work, "redrive", "--work-dir", work.resolve("run").toString());
            assertThat(listed.exitCode).as(listed.errors).isZero();
            assertThat(listed.output).contains("1 message", "store_refused");
            assertThat(Files.readString(work.resolve("run").resolve(DeadLetterFiles.DEAD_LETTERS)))
                    .contains("\"partitionKey\":\"" + symbol + "\"", "\"scope\":\"trade\"");
        } else {
            assertThat(summary.path("trades_accepted").asLong()).isEqualTo(COUNT);
            assertThat(summary.path("trades_rejected_total").asLong()).isEqualTo(7);
        }

        TradeSequencer sequencer = new TradeSequencer();
        List<String> ids = valid.stream()
                .map(t -> sequencer.identify(t, 0).id().toString())
                .toList();
        assertThat(run.trades()).extracting(ExportedRun.CsvTrade::id).containsExactlyInAnyOrderElementsOf(ids);
    }
}
