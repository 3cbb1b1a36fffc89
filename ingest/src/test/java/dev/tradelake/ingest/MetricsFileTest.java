package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

    private static final IngestMetrics.Snapshot SNAPSHOT = new IngestMetrics.Snapshot(
            12,
            3,
            1,
            "bad frame",
            1_000,
            7,
            Map.of("bad_price", 5L, "no_symbol", 2L),
            0,
            4,
            993,
            0,
            5,
            1,
            2.5,
            9.75,
            12.0,
            0,
            1,
            0,
            0,
            null,
            42);

    @Test
    void everyCounterComesBackAsItWasWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.json");
        MetricsFile.write(file, new MetricsFile.Reading(1_700_000_000_123L, SNAPSHOT));

        MetricsFile.Reading read = MetricsFile.read(file).orElseThrow();

        assertThat(read.atMs()).isEqualTo(1_700_000_000_123L);
        assertThat(read.metrics()).isEqualTo(SNAPSHOT);
        assertThat(dir.resolve("metrics.json.tmp")).doesNotExist();
    }

    @Test
    void fieldsAreSnakeCaseForScripts() {
        String json = MetricsFile.json(new MetricsFile.Reading(5, SNAPSHOT));

        assertThat(json)
                .startsWith("{\"at_ms\":5,\"frames\":12,")
                .contains("\"trades_written\":993", "\"put_latency_p50_ms\":2.5", "\"failure\":null")
                .contains("\"rejects_by_reason\":{")
                .endsWith("}\n");
    }

    @Test
    void aFileNotYetWrittenIsNoReading(@TempDir Path dir) throws Exception {
        assertThat(MetricsFile.read(dir.resolve("none.json"))).isEmpty();
    }

    @Test
    void aNewerReadingReplacesTheOlder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        MetricsFile.write(file, new MetricsFile.Reading(1, SNAPSHOT));
        MetricsFile.write(file, new MetricsFile.Reading(2, SNAPSHOT));

        assertThat(MetricsFile.read(file).orElseThrow().atMs()).isEqualTo(2);
        assertThat(Files.readString(file).lines()).hasSize(1);
    }
}
