package dev.tradelake.model;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The format of a recording of raw feed frames: gzip, UTF-8, one frame per line. The ingest's
 * {@code --record-frames} writes it, the local feed's {@code --replay} and the tests read it, and
 * the recorded day in {@code ../shared/data} is one. Streams in, streams out: opening files is the
 * caller's business.
 */
public final class FrameRecording {

    private static final int BUFFER = 1 << 16;

    private FrameRecording() {}

    /** A writer of a recording onto {@code out}; write each frame as {@link #line(String)} and a line break. */
    public static Writer writer(OutputStream out) throws IOException {
        return new BufferedWriter(
                new OutputStreamWriter(new GZIPOutputStream(out, BUFFER), StandardCharsets.UTF_8), BUFFER);
    }

    /**
     * A frame as one line of a recording, without the line break: a line break inside a frame can
     * only be JSON white space, so it becomes a space.
     */
    public static String line(String frame) {
        return frame.indexOf('\n') < 0 && frame.indexOf('\r') < 0
                ? frame
                : frame.replace('\n', ' ').replace('\r', ' ');
    }

    /** The lines of a recording read from {@code in} (gzip). */
    public static BufferedReader reader(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, BUFFER), StandardCharsets.UTF_8));
    }

    /** Every frame of the recording read from {@code in}, in order; blank lines are not frames. */
    public static List<String> frames(InputStream in) throws IOException {
        List<String> frames = new ArrayList<>();
        try (BufferedReader lines = reader(in)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    frames.add(line);
                }
            }
        }
        return frames;
    }
}
