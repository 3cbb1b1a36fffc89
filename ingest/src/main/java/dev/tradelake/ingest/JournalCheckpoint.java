package dev.tradelake.ingest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What Kinesis has acknowledged, as of one moment: every entry below {@code readPosition} is done
 * except those in {@code pending} (read, sent or in flight, not yet acknowledged). A restart
 * resends the pending entries and everything from {@code readPosition} on: exactly what was not
 * acknowledged, give or take the acknowledgements of the last checkpoint interval (resent, and
 * idempotent downstream because the ids travel with the trades).
 *
 * <p>{@code idFloors} carry the sequencer's memory across deleted segments: per symbol, the latest
 * trade time read and the next late rank (see {@code TradeSequencer.resumeAfter}).
 *
 * <p>Written to a temporary file, fsynced, then renamed over the old one: a crash leaves either.
 */
record JournalCheckpoint(long readPosition, long[] pending, Map<String, long[]> idFloors) {

    static final String FILE = "checkpoint";
    private static final int MAGIC = 0x544c4a31; // "TLJ1"

    static JournalCheckpoint empty() {
        return new JournalCheckpoint(0, new long[0], Map.of());
    }

    /** The first entry a restart must read. */
    long restartSeq() {
        long min = readPosition;
        for (long p : pending) {
            min = Math.min(min, p);
        }
        return min;
    }

    void save(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(readPosition);
            out.writeInt(pending.length);
            for (long p : pending) {
                out.writeLong(p);
            }
            out.writeInt(idFloors.size());
            for (Map.Entry<String, long[]> e : idFloors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        new DataOutputStream(bytes).writeInt((int) crc.getValue());
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last checkpoint saved in {@code dir}, or {@link #empty()} for a new journal. */
    static JournalCheckpoint load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return empty();
        }
        byte[] all = Files.readAllBytes(file);
        CRC32C crc = new CRC32C();
        crc.update(all, 0, Math.max(0, all.length - 4));
        if (all.length < 8 || ByteBuffer.wrap(all, all.length - 4, 4).getInt() != (int) crc.getValue()) {
            throw new IOException("the journal checkpoint " + file + " is damaged");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a journal checkpoint of this version");
            }
            long readPosition = in.readLong();
            long[] pending = new long[in.readInt()];
            for (int i = 0; i < pending.length; i++) {
                pending[i] = in.readLong();
            }
            int symbols = in.readInt();
            Map<String, long[]> floors = new HashMap<>();
            for (int i = 0; i < symbols; i++) {
                floors.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
            }
            return new JournalCheckpoint(readPosition, pending, floors);
        }
    }
}
