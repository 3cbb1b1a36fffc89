package dev.tradelake.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes the Finnhub WebSocket protocol.
 *
 * <pre>
 * server: {"type":"trade","data":[{"p":167.41,"s":"SPY","t":1381132800465,"v":100,"c":["12"]}]}
 *         {"type":"ping"}
 *         {"type":"error","msg":"Subscribing to too many symbols"}
 * client: {"type":"subscribe","symbol":"SPY"}   {"type":"unsubscribe","symbol":"SPY"}
 * </pre>
 *
 * Parsing is a pure function of the text and never throws: whatever is wrong is returned as a
 * {@link Rejection} to count. It streams tokens instead of building a tree, because it is on the
 * ingest's hot path.
 */
public final class FinnhubCodec {

    /** Finnhub's frames are a few KiB; anything near this is not a trade message. */
    public static final int DEFAULT_MAX_FRAME_CHARS = 1 << 20;

    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private FinnhubCodec() {}

    public static FinnhubFrame parse(String text) {
        return parse(text, DEFAULT_MAX_FRAME_CHARS);
    }

    public static FinnhubFrame parse(String text, int maxFrameChars) {
        if (text.length() > maxFrameChars) {
            return rejected(
                    RejectReason.OVERSIZED,
                    "frame of " + text.length() + " characters exceeds the limit of " + maxFrameChars);
        }
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return rejected(RejectReason.MALFORMED_JSON, "empty frame");
            }
            if (first != JsonToken.START_OBJECT) {
                return rejected(RejectReason.NOT_A_MESSAGE, "frame is not a JSON object");
            }
            String type = null;
            String msg = null;
            Object data = null; // a FrameTrades when data was an array, else a description of it
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = stringOrSkip(p, value);
                    case "msg" -> msg = stringOrSkip(p, value);
                    case "data" -> data = value == JsonToken.START_ARRAY ? readTrades(p) : describe(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return rejected(RejectReason.MALFORMED_JSON, "content after the message");
            }
            if (type == null) {
                return rejected(RejectReason.NOT_A_MESSAGE, "no string field 'type'");
            }
            return switch (type) {
                case "trade" ->
                    data instanceof FinnhubFrame.Trades trades
                            ? trades
                            : rejected(
                                    RejectReason.DATA_NOT_ARRAY,
                                    "trade message with data " + (data == null ? "missing" : data));
                case "ping" -> new FinnhubFrame.Ping();
                case "error" -> new FinnhubFrame.Error(msg == null ? "(no message)" : msg);
                default -> rejected(RejectReason.UNKNOWN_TYPE, "type '" + type + "'");
            };
        } catch (JsonProcessingException e) {
            return rejected(RejectReason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a String cannot fail", e);
        }
    }

    private static FinnhubFrame.Trades readTrades(JsonParser p) throws IOException {
        List<FeedTrade> trades = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>(0);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                rejected.add(new Rejection(RejectReason.ENTRY_NOT_OBJECT, "data entry is " + describe(p, token)));
                continue;
            }
            TradeReader entry = new TradeReader();
            entry.read(p);
            Rejection problem = entry.problem();
            if (problem == null) {
                trades.add(new FeedTrade(entry.symbol, entry.time, entry.price, entry.volume, entry.conditions));
            } else {
                rejected.add(problem);
            }
        }
        return new FinnhubFrame.Trades(trades, rejected);
    }

    /** The fields of one data entry, each remembered with its first problem. */
    private static final class TradeReader {
        String symbol;
        long time = Long.MIN_VALUE;
        BigDecimal price;
        BigDecimal volume;
        List<String> conditions = List.of();
        Rejection typeProblem;

        void read(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "s" ->
                        symbol = value == JsonToken.VALUE_STRING
                                ? p.getText()
                                : typeError(p, value, RejectReason.BAD_SYMBOL, "s");
                    case "p" -> price = readNumber(p, value, RejectReason.BAD_PRICE, "p");
                    case "v" -> volume = readNumber(p, value, RejectReason.BAD_VOLUME, "v");
                    case "t" -> time = readTime(p, value);
                    case "c" -> conditions = readConditions(p, value);
                    default -> p.skipChildren();
                }
            }
        }

        Rejection problem() {
            if (typeProblem != null) {
                return typeProblem;
            }
            if (time == Long.MIN_VALUE) {
                return new Rejection(RejectReason.BAD_TIME, "t is missing");
            }
            Rejection broken = TradeRules.check(symbol, time, price, volume);
            return broken != null ? broken : TradeRules.checkConditions(conditions);
        }

        private BigDecimal readNumber(JsonParser p, JsonToken value, RejectReason reason, String field)
                throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                return readDecimal(p); // 1e999 is kept as it is, and TradeRules refuses it
            }
            typeError(p, value, reason, field);
            return null;
        }

        private long readTime(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            typeError(p, value, RejectReason.BAD_TIME, "t");
            return Long.MIN_VALUE;
        }

        private List<String> readConditions(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return List.of();
            }
            if (value != JsonToken.START_ARRAY) {
                typeError(p, value, RejectReason.BAD_CONDITIONS, "c");
                return List.of();
            }
            List<String> codes = new ArrayList<>(2);
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
                    codes.add(p.getText());
                } else {
                    typeError(p, token, RejectReason.BAD_CONDITIONS, "c entry");
                }
            }
            return codes;
        }

        private String typeError(JsonParser p, JsonToken value, RejectReason reason, String field) throws IOException {
            if (typeProblem == null) {
                typeProblem = new Rejection(reason, field + " has the wrong type: " + describe(p, value));
            } else {
                p.skipChildren();
            }
            return null;
        }
    }

    /** The current number token as the exact decimal it spells (its text, not a double). */
    static BigDecimal readDecimal(JsonParser p) throws IOException {
        return Decimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** The value when it is a string, else null with the value (an object or array included) skipped. */
    static String stringOrSkip(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Names a value for an error message and skips over it. */
    private static String describe(JsonParser p, JsonToken value) throws IOException {
        String description = switch (value) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + p.getText() + '"';
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
        p.skipChildren();
        return description;
    }

    private static FinnhubFrame.Rejected rejected(RejectReason reason, String detail) {
        return new FinnhubFrame.Rejected(new Rejection(reason, detail));
    }

    // ---- writing: the local feed and the recorder speak the same protocol ----

    public static String tradeFrame(Collection<FeedTrade> trades) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "trade");
            g.writeArrayFieldStart("data");
            for (FeedTrade t : trades) {
                g.writeStartObject();
                g.writeFieldName("p");
                writeDecimal(g, t.price());
                g.writeStringField("s", t.symbol());
                g.writeNumberField("t", t.timeMs());
                g.writeFieldName("v");
                writeDecimal(g, t.volume());
                if (!t.conditions().isEmpty()) {
                    g.writeArrayFieldStart("c");
                    for (String c : t.conditions()) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    public static String ping() {
        return "{\"type\":\"ping\"}";
    }

    public static String error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeStringField("msg", message);
            g.writeEndObject();
        });
    }

    public static String subscribe(String symbol) {
        return command("subscribe", symbol);
    }

    public static String unsubscribe(String symbol) {
        return command("unsubscribe", symbol);
    }

    /** A client's (un)subscribe message, as the local feed reads it. */
    public record Command(String type, String symbol) {}

    /** Reads a client message; null when it is not a well-formed (un)subscribe. */
    public static Command parseCommand(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String symbol = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals("type")) {
                    type = p.getText();
                } else if (value == JsonToken.VALUE_STRING && field.equals("symbol")) {
                    symbol = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
            return type != null && symbol != null ? new Command(type, symbol) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String command(String type, String symbol) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField("symbol", symbol);
            g.writeEndObject();
        });
    }

    /** The exact decimal in {@link Decimals#text}: whole volumes as integers, as Finnhub sends equities'. */
    static void writeDecimal(JsonGenerator g, BigDecimal value) throws IOException {
        g.writeNumber(Decimals.text(value));
    }

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Writer writer) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a String cannot fail", e);
        }
        return out.toString();
    }
}
