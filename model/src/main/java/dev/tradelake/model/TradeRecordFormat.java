package dev.tradelake.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The format of one Kinesis record: several trades of one symbol. This class is the only place
 * that writes or reads it; the ingest writes it, the Lambda and the Flink job read it.
 *
 * <h2>Why several trades per record</h2>
 * A shard takes at most 1,000 records/s, and the recorded day peaks at 741 trades/s for a single
 * symbol; live crypto feeds go far past that. Packing up to {@link #MAX_TRADES} trades of one
 * symbol into a record lifts the ceiling per shard a hundredfold, cuts the PUT payload units paid
 * for, and keeps a symbol's trades on one shard (the partition key is the symbol).
 *
 * <h2>Version 1</h2>
 * UTF-8 JSON, so that {@code aws kinesis get-records} output can be read by a person:
 * <pre>
 * {"v":1,"s":"SPY","trades":[[1381132800465,0,167.41,1400,1700000000123,["12","37"]], ...]}
 * </pre>
 * Each row is {@code [t, seq, price, volume, ingest_ms, conditions]}: trade time (epoch ms),
 * rank of the trade within its symbol and millisecond (see {@link Trade}), price, volume (exact
 * decimals, written as {@link Decimals#text} and read from their digits, never through a double), the
 * time the ingest received it (epoch ms) and the condition codes (possibly {@code []}).
 * Readers refuse a record of another version as a whole; a row that breaks {@link TradeRules}
 * is refused alone.
 */
public final class TradeRecordFormat {

    public static final int VERSION = 1;
    /** Trades in one record, at most. At ~45 bytes a row this stays far below 1 MiB. */
    public static final int MAX_TRADES = 500;
    /** Kinesis refuses records whose data and partition key exceed 1 MiB. */
    public static final int MAX_RECORD_BYTES = TradeRules.MAX_RECORD_BYTES;

    private TradeRecordFormat() {}

    /** Encodes trades that must all be of one symbol. */
    public static byte[] encode(List<Trade> trades) {
        if (trades.isEmpty() || trades.size() > MAX_TRADES) {
            throw new IllegalArgumentException("a record holds 1 to " + MAX_TRADES + " trades, not " + trades.size());
        }
        String symbol = trades.get(0).symbol();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * trades.size());
        try (JsonGenerator g = FinnhubCodec.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("s", symbol);
            g.writeArrayFieldStart("trades");
            for (Trade t : trades) {
                if (!t.symbol().equals(symbol)) {
                    throw new IllegalArgumentException("a record holds one symbol: " + symbol + " and " + t.symbol());
                }
                g.writeStartArray();
                g.writeNumber(t.timeMs());
                g.writeNumber(t.seq());
                FinnhubCodec.writeDecimal(g, t.price());
                FinnhubCodec.writeDecimal(g, t.volume());
                g.writeNumber(t.ingestMs());
                g.writeStartArray();
                for (String c : t.conditions()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The trades of a record and the rows refused. */
    public record Decoded(String symbol, List<Trade> trades, List<Rejection> rejected) {
        public Decoded {
            trades = List.copyOf(trades);
            rejected = List.copyOf(rejected);
        }
    }

    /** Thrown when a record as a whole cannot be read: it belongs in a dead-letter destination. */
    public static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Rejection rejection;

        MalformedRecordException(RejectReason reason, String detail) {
            super(reason.key() + ": " + detail);
            this.rejection = new Rejection(reason, detail);
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    public static Decoded decode(byte[] data) throws MalformedRecordException {
        if (data.length > MAX_RECORD_BYTES) {
            throw new MalformedRecordException(RejectReason.OVERSIZED, "record of " + data.length + " bytes");
        }
        try (JsonParser p = FinnhubCodec.JSON.createParser(data)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedRecordException(RejectReason.MALFORMED_JSON, "empty record");
            }
            if (first != JsonToken.START_OBJECT) {
                throw bad("not a JSON object");
            }
            String version = null; // as written, so that a wrong one can be named
            String symbol = null;
            List<Rejection> rejected = new ArrayList<>(0);
            List<Row> rows = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> version = describeVersion(p, value);
                    case "s" -> symbol = FinnhubCodec.stringOrSkip(p, value);
                    case "trades" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw bad("'trades' is not an array");
                        }
                        rows = readRows(p, rejected);
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedRecordException(RejectReason.MALFORMED_JSON, "content after the record");
            }
            if (!Integer.toString(VERSION).equals(version)) {
                throw bad("version " + (version == null ? "missing" : version) + ", this reader knows " + VERSION);
            }
            Rejection badSymbol = TradeRules.checkSymbol(symbol);
            if (badSymbol != null) {
                throw new MalformedRecordException(RejectReason.BAD_RECORD, badSymbol.detail());
            }
            if (rows == null) {
                throw bad("no 'trades'");
            }
            List<Trade> trades = new ArrayList<>(rows.size());
            for (Row row : rows) {
                trades.add(row.toTrade(symbol));
            }
            return new Decoded(symbol, trades, rejected);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(RejectReason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    /** A row read before the record's symbol is known (JSON fields have no order). */
    private record Row(
            long timeMs, int seq, BigDecimal price, BigDecimal volume, long ingestMs, List<String> conditions) {
        Trade toTrade(String symbol) {
            return new Trade(symbol, timeMs, seq, price, volume, conditions, ingestMs);
        }
    }

    private static List<Row> readRows(JsonParser p, List<Rejection> rejected) throws IOException {
        List<Row> rows = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_ARRAY) {
                p.skipChildren();
                rejected.add(new Rejection(RejectReason.ENTRY_NOT_OBJECT, "trade row is not an array"));
                continue;
            }
            Row row = readRow(p, rejected);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static final int ROW_FIELDS = 6;

    private static Row readRow(JsonParser p, List<Rejection> rejected) throws IOException {
        long time = Long.MIN_VALUE;
        long seq = -1;
        BigDecimal price = null;
        BigDecimal volume = null;
        long ingestMs = Long.MIN_VALUE;
        List<String> conditions = null;
        int index = 0;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            boolean integer =
                    token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            switch (index++) {
                case 0 -> time = integer ? p.getLongValue() : Long.MIN_VALUE;
                case 1 -> seq = integer ? p.getLongValue() : -1;
                case 2 -> price = number ? FinnhubCodec.readDecimal(p) : null;
                case 3 -> volume = number ? FinnhubCodec.readDecimal(p) : null;
                case 4 -> ingestMs = integer ? p.getLongValue() : Long.MIN_VALUE;
                case 5 -> conditions = token == JsonToken.START_ARRAY ? readStrings(p) : null;
                default -> {}
            }
            if (index != ROW_FIELDS) {
                p.skipChildren();
            }
        }
        Rejection problem = index != ROW_FIELDS || conditions == null || ingestMs == Long.MIN_VALUE
                ? new Rejection(
                        RejectReason.BAD_RECORD, "trade row is not [t, seq, price, volume, ingest_ms, [conditions]]")
                : seq < 0 || seq > TradeRules.MAX_SEQ
                        ? new Rejection(RejectReason.BAD_RECORD, "seq out of range: " + seq)
                        : time == Long.MIN_VALUE
                                ? new Rejection(RejectReason.BAD_TIME, "t is not an integer")
                                : TradeRules.check("-", time, price, volume);
        if (problem == null) {
            problem = TradeRules.checkConditions(conditions);
        }
        if (problem != null) {
            rejected.add(problem);
            return null;
        }
        return new Row(time, (int) seq, price, volume, ingestMs, conditions);
    }

    /** Reads an array of strings; null (with the array skipped) when anything else is in it. */
    private static List<String> readStrings(JsonParser p) throws IOException {
        List<String> strings = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                p.skipChildren();
                strings = null;
            } else if (strings != null) {
                strings.add(p.getText());
            }
        }
        return strings;
    }

    /** The version field as text: the integer's digits, or a description of whatever else is there. */
    private static String describeVersion(JsonParser p, JsonToken value) throws IOException {
        String text = value == JsonToken.VALUE_NUMBER_INT
                ? p.getText()
                : value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY
                        ? "not a number"
                        : "'" + p.getText() + "'";
        p.skipChildren();
        return text;
    }

    private static MalformedRecordException bad(String detail) {
        return new MalformedRecordException(RejectReason.BAD_RECORD, detail);
    }
}
