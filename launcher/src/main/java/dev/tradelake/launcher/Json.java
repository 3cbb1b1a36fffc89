package dev.tradelake.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** One-line JSON output for {@code --json}. */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    static String line(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void writeBarFields(JsonGenerator g, Bar b) throws IOException {
        g.writeStringField("symbol", b.symbol());
        g.writeStringField("window", WindowSizes.label(b.windowMs()));
        g.writeNumberField("window_start_ms", b.windowStartMs());
        decimalField(g, "open", b.open());
        decimalField(g, "high", b.high());
        decimalField(g, "low", b.low());
        decimalField(g, "close", b.close());
        decimalField(g, "volume", b.volume());
        if (b.vwap().isPresent()) {
            decimalField(g, "vwap", b.vwap().get());
        } else {
            g.writeNullField("vwap");
        }
        g.writeNumberField("trades", b.trades());
        g.writeBooleanField("final", b.isFinal());
    }

    /** An exact decimal as a JSON number in {@link Decimals#text}: no binary artifacts, no exponent for a feed's values. */
    static void decimalField(JsonGenerator g, String name, BigDecimal value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(Decimals.text(value));
    }
}
