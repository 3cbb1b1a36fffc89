package dev.tradelake.launcher.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tradelake.launcher.tables.StoredItems.StoredTrade;
import dev.tradelake.model.DecimalBar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The API's JSON: bars with the keys of {@code bars_1m.csv} (as {@code query --json}), trades, health. */
final class DashboardJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private DashboardJson() {}

    static String bars(List<DecimalBar> bars) {
        return json(g -> {
            g.writeStartArray();
            for (DecimalBar b : bars) {
                writeBar(g, b);
            }
            g.writeEndArray();
        });
    }

    static String bar(DecimalBar bar) {
        return json(g -> {
            writeBar(g, bar);
        });
    }

    static String trades(List<StoredTrade> trades) {
        return json(g -> {
            g.writeStartArray();
            for (StoredTrade t : trades) {
                g.writeStartObject();
                g.writeStringField("symbol", t.id().symbol());
                g.writeNumberField("t", t.id().timeMs());
                g.writeNumberField("seq", t.id().seq());
                g.writeNumberField("price", t.price());
                g.writeNumberField("volume", t.volume());
                g.writeArrayFieldStart("conditions");
                for (String c : t.conditions()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("id", t.id().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static String strings(List<String> values) {
        return json(g -> {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        });
    }

    static String windows() {
        return json(g -> {
            g.writeStartArray();
            for (String label : ChartWindows.LABELS) {
                g.writeStartObject();
                g.writeStringField("window", label);
                g.writeBooleanField("available", ChartWindows.available(WindowSizes.parseMs(label)));
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static String health(Health h) {
        return json(g -> {
            g.writeStartObject();
            g.writeBooleanField("live", h.live());
            number(g, "trades_in_per_s", h.tradesInPerSecond());
            number(g, "trades_stored_per_s", h.tradesStoredPerSecond());
            number(g, "trades_in", h.tradesIn());
            number(g, "trades_stored", h.tradesStored());
            number(g, "lag_ms", h.lagMs());
            if (h.rejects() == null) {
                g.writeNullField("rejects");
            } else {
                g.writeObjectFieldStart("rejects");
                for (Map.Entry<String, Long> r : h.rejects().entrySet()) {
                    g.writeNumberField(r.getKey(), r.getValue());
                }
                g.writeEndObject();
            }
            number(g, "dead_letters", h.deadLetters());
            number(g, "late_trades", h.lateTrades());
            number(g, "latest_trade_ms", h.latestTradeMs());
            g.writeEndObject();
        });
    }

    /** The columns of {@code bars_1m.csv}; {@code vwap} null when the volume is 0. */
    private static void writeBar(JsonGenerator g, DecimalBar b) throws IOException {
        g.writeStartObject();
        g.writeStringField("symbol", b.symbol());
        g.writeNumberField("window_start_ms", b.windowStartMs());
        decimal(g, "open", b.open());
        decimal(g, "high", b.high());
        decimal(g, "low", b.low());
        decimal(g, "close", b.close());
        decimal(g, "volume", b.volume());
        if (b.vwap().isPresent()) {
            decimal(g, "vwap", b.vwap().get());
        } else {
            g.writeNullField("vwap");
        }
        g.writeNumberField("trades", b.trades());
        g.writeEndObject();
    }

    /** An exact decimal as a JSON number in its shortest text ({@link Decimals#text}): no binary tail. */
    private static void decimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(Decimals.text(value));
    }

    private static void number(JsonGenerator g, String name, Number value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else if (value instanceof Double d) {
            g.writeNumberField(name, Math.round(d * 10) / 10.0);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }

    private static String json(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
