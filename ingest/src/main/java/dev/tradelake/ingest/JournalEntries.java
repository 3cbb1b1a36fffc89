package dev.tradelake.ingest;

import dev.tradelake.model.Decimals;
import dev.tradelake.model.Trade;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one journal entry: the identified trades of one frame, in a compact binary form
 * (about 45 to 55 bytes a trade). Ids travel with the trades, so that a resend after a restart carries
 * exactly the ids of the first attempt. The journal's own framing (length, CRC) is
 * {@link TradeJournal}'s.
 */
final class JournalEntries {

    private JournalEntries() {}

    static byte[] encode(List<Trade> trades) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 48 * trades.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(trades.size());
            for (Trade t : trades) {
                out.writeUTF(t.symbol());
                out.writeLong(t.timeMs());
                out.writeInt(t.seq());
                // Decimal text, as the feed sent it: the journal must not round what the tables store exactly.
                out.writeUTF(Decimals.text(t.price()));
                out.writeUTF(Decimals.text(t.volume()));
                out.writeLong(t.ingestMs());
                out.writeByte(t.conditions().size());
                for (String c : t.conditions()) {
                    out.writeUTF(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static List<Trade> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int n = in.readInt();
            List<Trade> trades = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String symbol = in.readUTF();
                long time = in.readLong();
                int seq = in.readInt();
                BigDecimal price = Decimals.parse(in.readUTF());
                BigDecimal volume = Decimals.parse(in.readUTF());
                long ingestMs = in.readLong();
                int conditionCount = in.readUnsignedByte();
                List<String> conditions = new ArrayList<>(conditionCount);
                for (int c = 0; c < conditionCount; c++) {
                    conditions.add(in.readUTF());
                }
                trades.add(new Trade(symbol, time, seq, price, volume, conditions, ingestMs));
            }
            return trades;
        } catch (IOException e) {
            // The CRC passed, so this is a payload from another version of this format.
            throw new UncheckedIOException("a journal entry this version cannot read", e);
        }
    }
}
