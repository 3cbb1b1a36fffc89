package dev.tradelake.local.feed;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a recording (gzip or plain), read with bounded memory: a line longer than
 * {@code maxLineChars} is skipped as it streams by, never held whole, and a gzip file that expands
 * more than {@value #MAX_EXPANSION} times (recorded frames expand about 17 times) is refused as a
 * gzip bomb once {@value #EXPANSION_GRACE_BYTES} bytes were decompressed.
 */
final class BoundedLines implements AutoCloseable {

    static final int MAX_EXPANSION = 200;
    static final long EXPANSION_GRACE_BYTES = 16L << 20;

    /** One line: its text, or null when it was longer than the limit (then {@code chars} is at least the limit + 1). */
    record Line(String text, long chars) {
        boolean oversized() {
            return text == null;
        }
    }

    private final Counting compressed;
    private final Counting expanded;
    private final Reader reader;
    private final int maxLineChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;

    private BoundedLines(Counting compressed, Counting expanded, int maxLineChars) {
        this.compressed = compressed;
        this.expanded = expanded;
        this.reader = new InputStreamReader(expanded, StandardCharsets.UTF_8);
        this.maxLineChars = maxLineChars;
    }

    /** Opens a recording; gzip is recognised by its magic bytes, not by the file name. */
    static BoundedLines open(Path file, int maxLineChars) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            Counting compressed = new Counting(raw);
            InputStream in = isGzip(raw) ? new GZIPInputStream(compressed, 1 << 16) : null;
            return in == null
                    ? new BoundedLines(null, compressed, maxLineChars)
                    : new BoundedLines(compressed, new Counting(in), maxLineChars);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** The next line without its line break, or null at the end of the file. */
    Line next() throws IOException {
        StringBuilder line = new StringBuilder();
        long chars = 0;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                checkExpansion();
                if (limit < 0) {
                    limit = 0;
                    return chars == 0 && line.isEmpty() ? null : line(line, chars);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int run = position - start;
            if (chars + run <= maxLineChars) {
                line.append(buffer, start, run);
            } else {
                line.setLength(0); // over the limit: stop holding it, keep counting until its end
            }
            chars += run;
            if (position < limit) {
                position++; // the line break
                return line(line, chars);
            }
        }
    }

    private Line line(StringBuilder text, long chars) {
        if (chars > maxLineChars) {
            return new Line(null, chars);
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new Line(text.toString(), chars);
    }

    private void checkExpansion() throws IOException {
        if (compressed != null
                && expanded.count > EXPANSION_GRACE_BYTES
                && expanded.count > MAX_EXPANSION * Math.max(1, compressed.count)) {
            throw new IOException(
                    "refused as a gzip bomb: " + compressed.count + " compressed bytes expanded to more than "
                            + expanded.count + " (over " + MAX_EXPANSION + " times)");
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
