package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameRecorderTest {

    @Test
    void writesOneRawFramePerGzipLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/frames.jsonl.gz");
        String trade = "{\"type\":\"trade\",\"data\":[{\"p\":1.5,\"s\":\"SPY\",\"t\":5,\"v\":100}]}";
        try (FrameRecorder recorder = FrameRecorder.open(file)) {
            recorder.write(trade);
            recorder.write(FinnhubCodec.ping());
            recorder.write("{\"type\":\n\"ping\"}");
            assertThat(recorder.frames()).isEqualTo(3);
        }

        List<String> lines;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        assertThat(lines).containsExactly(trade, FinnhubCodec.ping(), "{\"type\": \"ping\"}");
        assertThat(FinnhubCodec.parse(lines.get(2))).isInstanceOf(FinnhubFrame.Ping.class);
    }
}
