package dev.tradelake.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The ingest's on-disk journal: an append-only log of entries, each numbered ({@code seq}, from 0
 * and never reused), kept in segment files named by the seq of their first entry
 * ({@code 00000000000000000042.seg}). On disk an entry is {@code [int length][int CRC32C][payload]}.
 *
 * <p><b>Durability.</b> {@link #append} writes into the OS page cache with one {@code write}: a
 * crash of this process ({@code kill -9}, an OOM kill) loses nothing appended. {@link #force}
 * (fsync) makes it survive a power cut or an OS crash; the ingest calls it on a timer
 * ({@code --journal-fsync-interval}, 1 s by default), so a power cut can lose at most that last
 * interval. A torn last entry (a crash in the middle of a write) fails its CRC or its length and
 * is cut off when the journal is opened again.
 *
 * <p><b>Budget.</b> Appends are refused (return -1) while the segments on disk would exceed
 * {@code maxBytes}; {@link #releaseBefore} deletes the segments whose entries are all done.
 *
 * <p>One thread appends; any number of {@link Cursor}s read, each on its own file handle.
 */
final class TradeJournal implements AutoCloseable {

    static final String SUFFIX = ".seg";
    private static final int HEADER = 8;
    /** No entry is this large: a length past it is a torn or foreign header. */
    static final int MAX_ENTRY_BYTES = 64 << 20;

    /** One entry as read back. */
    record Entry(long seq, byte[] payload) {}

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    /** First seq of each segment -> its size in bytes; the last one is being appended to. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();

    private FileChannel current;
    private long currentFirst;
    private long nextSeq;
    private long bytes;

    private TradeJournal(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (or creates) the journal in {@code dir}, cutting off a torn last entry.
     *
     * @param firstSeqIfEmpty where numbering continues when no segment is left (every earlier
     *                        entry was done and deleted): the checkpoint knows
     */
    static TradeJournal open(Path dir, long maxBytes, long segmentBytes, long firstSeqIfEmpty) throws IOException {
        Files.createDirectories(dir);
        TradeJournal journal = new TradeJournal(dir, maxBytes, segmentBytes);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .toList()) {
                String name = f.getFileName().toString();
                journal.segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), Files.size(f));
            }
        }
        if (journal.segments.isEmpty()) {
            journal.startSegment(firstSeqIfEmpty);
        } else {
            long last = journal.segments.lastKey();
            journal.current =
                    FileChannel.open(journal.segment(last), StandardOpenOption.READ, StandardOpenOption.WRITE);
            long[] valid = scanValid(journal.current);
            journal.current.truncate(valid[0]);
            journal.current.position(valid[0]);
            journal.segments.put(last, valid[0]);
            journal.currentFirst = last;
            journal.nextSeq = last + valid[1];
        }
        journal.bytes =
                journal.segments.values().stream().mapToLong(Long::longValue).sum();
        return journal;
    }

    /** {valid length, entries} of a segment: up to its first torn or corrupt entry. */
    private static long[] scanValid(FileChannel channel) throws IOException {
        long pos = 0;
        long entries = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (true) {
            byte[] payload = readAt(channel, pos, header);
            if (payload == null) {
                return new long[] {pos, entries};
            }
            pos += HEADER + payload.length;
            entries++;
        }
    }

    /** The entry at {@code pos}, or null when there is no complete, intact entry there. */
    private static byte[] readAt(FileChannel channel, long pos, ByteBuffer header) throws IOException {
        long size = channel.size();
        if (size - pos < HEADER) {
            return null;
        }
        header.clear();
        readFully(channel, header, pos);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 0 || length > MAX_ENTRY_BYTES || size - pos - HEADER < length) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, pos + HEADER);
        CRC32C check = new CRC32C();
        check.update(payload.array());
        return (int) check.getValue() == crc ? payload.array() : null;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long pos) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of a journal segment");
            }
        }
    }

    private Path segment(long firstSeq) {
        return dir.resolve(String.format("%020d", firstSeq) + SUFFIX);
    }

    private void startSegment(long firstSeq) throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
        }
        current = FileChannel.open(
                segment(firstSeq), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        currentFirst = firstSeq;
        nextSeq = firstSeq;
        segments.put(firstSeq, current.size());
    }

    /** Appends one entry; returns its seq, or -1 when the disk budget does not allow it. */
    synchronized long append(byte[] payload) throws IOException {
        long size = HEADER + (long) payload.length;
        if (bytes + size > maxBytes) {
            return -1;
        }
        if (segments.get(currentFirst) > 0 && segments.get(currentFirst) + size > segmentBytes) {
            startSegment(nextSeq);
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer entry = ByteBuffer.allocate((int) size)
                .putInt(payload.length)
                .putInt((int) crc.getValue())
                .put(payload);
        entry.flip();
        while (entry.hasRemaining()) {
            current.write(entry);
        }
        segments.merge(currentFirst, size, Long::sum);
        bytes += size;
        return nextSeq++;
    }

    /** Numbering continues at {@code seq} in a new segment (after entries lost in a power cut). */
    synchronized void skipTo(long seq) throws IOException {
        if (seq > nextSeq) {
            startSegment(seq);
        }
    }

    /** The seq the next append gets: every entry below it is on disk. */
    synchronized long nextSeq() {
        return nextSeq;
    }

    /** Bytes of all segments on disk. */
    synchronized long bytes() {
        return bytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** fsync: what was appended survives a power cut. */
    synchronized void force() throws IOException {
        if (current.isOpen()) {
            current.force(false);
        }
    }

    /** Deletes the segments whose entries all lie below {@code seq}; never the one being appended to. */
    synchronized void releaseBefore(long seq) throws IOException {
        List<Long> done = new ArrayList<>();
        for (Long first : segments.headMap(currentFirst).keySet()) {
            Long next = segments.higherKey(first);
            if (next != null && next <= seq) {
                done.add(first);
            }
        }
        for (Long first : done) {
            Files.deleteIfExists(segment(first));
            bytes -= segments.remove(first);
        }
    }

    private synchronized Long segmentFor(long seq) {
        Long first = segments.floorKey(seq);
        return first != null ? first : segments.isEmpty() ? null : segments.firstKey();
    }

    private synchronized Long segmentAfter(long first) {
        return segments.higherKey(first);
    }

    /** A reader from {@code fromSeq} (or the oldest entry left, if that is later) onwards. */
    Cursor cursor(long fromSeq) throws IOException {
        return new Cursor(fromSeq);
    }

    @Override
    public synchronized void close() throws IOException {
        if (current.isOpen()) {
            current.force(false);
            current.close();
        }
    }

    /** Reads entries in seq order; {@link #next()} returns null at the end of what is written so far. */
    final class Cursor implements AutoCloseable {
        private final ByteBuffer header = ByteBuffer.allocate(HEADER);
        private FileChannel channel;
        private long first;
        private long pos;
        private long seq;

        private Cursor(long fromSeq) throws IOException {
            Long segmentFirst = segmentFor(fromSeq);
            open(segmentFirst);
            while (seq < fromSeq && next() != null) {
                // skip to fromSeq
            }
        }

        private void open(long segmentFirst) throws IOException {
            if (channel != null) {
                channel.close();
            }
            channel = FileChannel.open(segment(segmentFirst), StandardOpenOption.READ);
            first = segmentFirst;
            pos = 0;
            seq = segmentFirst;
        }

        /** The next entry, or null when the reader has caught up with the writer. */
        Entry next() throws IOException {
            while (true) {
                byte[] payload = readAt(channel, pos, header);
                if (payload != null) {
                    pos += HEADER + payload.length;
                    return new Entry(seq++, payload);
                }
                // A later segment means this one is complete: its end is not a torn write. (Only a
                // damaged disk leaves a bad entry inside a complete segment; its rest is skipped.)
                Long later = segmentAfter(first);
                if (later == null) {
                    return null;
                }
                open(later);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
