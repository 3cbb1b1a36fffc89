package dev.tradelake.ingest;

import dev.tradelake.model.FrameRecording;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every raw frame received to a {@link FrameRecording}, the format of the recorded day in
 * {@code ../shared/data}, so a recording can be replayed by the local feed.
 * Recording is a side job: a write error is logged once and recording stops, the ingest goes on.
 */
final class FrameRecorder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRecorder.class);

    private final Path file;
    private Writer out;
    private long frames;

    private FrameRecorder(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    static FrameRecorder open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new FrameRecorder(file, FrameRecording.writer(Files.newOutputStream(file)));
    }

    synchronized void write(String frame) {
        if (out == null) {
            return;
        }
        try {
            out.write(FrameRecording.line(frame));
            out.write('\n');
            frames++;
        } catch (IOException e) {
            LOG.error(
                    "cannot record frames to {} any more ({}); the ingest goes on without recording",
                    file,
                    e.toString());
            closeQuietly();
        }
    }

    synchronized long frames() {
        return frames;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
                LOG.info("recorded {} frames to {}", frames, file);
            } catch (IOException e) {
                LOG.error("cannot finish the frame recording {}: {}", file, e.toString());
            }
            out = null;
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing; the first error was logged
        }
        out = null;
    }
}
