package dev.tradelake.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tradelake.model.Bar;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One-line JSON output for {@code --json}. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    public static String line(Fields fields) {
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

    public static void writeBarFields(JsonGenerator g, Bar b) throws IOException {
        g.writeStringField("symbol", b.symbol());
        g.writeStringField("window", WindowSizes.label(b.windowMs()));
        g.writeNumberField("window_start_ms", b.windowStartMs());
        g.writeNumberField("open", b.open());
        g.writeNumberField("high", b.high());
        g.writeNumberField("low", b.low());
        g.writeNumberField("close", b.close());
        g.writeNumberField("volume", b.volume());
        if (b.vwap().isPresent()) {
            g.writeNumberField("vwap", b.vwap().getAsDouble());
        } else {
            g.writeNullField("vwap");
        }
        g.writeNumberField("trades", b.trades());
    }
}
