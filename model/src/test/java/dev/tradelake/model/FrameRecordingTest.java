package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRecordingTest {

    @Test
    void framesComeBackOnePerLineInOrder() throws Exception {
        List<String> frames = List.of(
                "{\"type\":\"ping\"}", "{\"type\":\"trade\",\n \"data\":[]}", "{\"data\":[],\r\n\"type\":\"trade\"}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = FrameRecording.writer(bytes)) {
            for (String frame : frames) {
                out.write(FrameRecording.line(frame));
                out.write('\n');
            }
        }

        assertThat(bytes.toByteArray()).startsWith((byte) 0x1f, (byte) 0x8b); // gzip
        assertThat(FrameRecording.frames(new ByteArrayInputStream(bytes.toByteArray())))
                .containsExactly(
                        "{\"type\":\"ping\"}",
                        "{\"type\":\"trade\",  \"data\":[]}",
                        "{\"data\":[],  \"type\":\"trade\"}");
    }

    @Test
    void aFrameWithoutLineBreaksIsItsOwnLine() {
        String frame = "{\"type\":\"trade\",\"data\":[{\"s\":\"SPY\"}]}";
        assertThat(FrameRecording.line(frame)).isSameAs(frame);
    }
}
