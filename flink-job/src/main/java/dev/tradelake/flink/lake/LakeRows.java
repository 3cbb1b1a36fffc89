package dev.tradelake.flink.lake;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.tradelake.model.Bar;
import dev.tradelake.model.Decimals;
import dev.tradelake.model.LakeLayout;
import dev.tradelake.model.WindowSizes;
import java.math.BigDecimal;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The lake's two Parquet schemas, in {@link LakeLayout}'s column order: timestamps are Parquet
 * {@code TIMESTAMP(MILLIS, UTC)}, decimals exact text (why: {@link LakeLayout}).
 */
final class LakeRows {

    private LakeRows() {}

    static final RowWriter<LakeTrade> TRADES = new RowWriter<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public MessageType schema() {
            MessageType schema = Types.buildMessage()
                    .required(INT64)
                    .as(timestampType(true, TimeUnit.MILLIS))
                    .named("t")
                    .required(INT32)
                    .named("seq")
                    .required(BINARY)
                    .as(stringType())
                    .named("price")
                    .required(BINARY)
                    .as(stringType())
                    .named("volume")
                    .named("trade");
            return checked(schema, LakeLayout.TRADE_COLUMNS);
        }

        @Override
        public java.util.Set<String> plainColumns() {
            return java.util.Set.of("t");
        }

        @Override
        public java.util.Set<String> unorderedColumns() {
            return java.util.Set.of("price", "volume");
        }

        @Override
        public void write(LakeTrade t, RecordConsumer c) {
            int64(c, 0, "t", t.timeMs);
            c.startField("seq", 1);
            c.addInteger(t.seq);
            c.endField("seq", 1);
            decimal(c, 2, "price", t.price);
            decimal(c, 3, "volume", t.volume);
        }
    };

    static final RowWriter<Bar> BARS = new RowWriter<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public MessageType schema() {
            MessageType schema = Types.buildMessage()
                    .required(INT64)
                    .as(timestampType(true, TimeUnit.MILLIS))
                    .named("window_start")
                    .required(BINARY)
                    .as(stringType())
                    .named("window")
                    .required(BINARY)
                    .as(stringType())
                    .named("open")
                    .required(BINARY)
                    .as(stringType())
                    .named("high")
                    .required(BINARY)
                    .as(stringType())
                    .named("low")
                    .required(BINARY)
                    .as(stringType())
                    .named("close")
                    .required(BINARY)
                    .as(stringType())
                    .named("volume")
                    .required(BINARY)
                    .as(stringType())
                    .named("turnover")
                    .optional(BINARY)
                    .as(stringType())
                    .named("vwap")
                    .required(INT64)
                    .named("trades")
                    .named("bar");
            return checked(schema, LakeLayout.BAR_COLUMNS);
        }

        @Override
        public java.util.Set<String> unorderedColumns() {
            return java.util.Set.of("open", "high", "low", "close", "volume", "turnover", "vwap");
        }

        @Override
        public void write(Bar b, RecordConsumer c) {
            int64(c, 0, "window_start", b.windowStartMs());
            text(c, 1, "window", WindowSizes.label(b.windowMs()));
            decimal(c, 2, "open", b.open());
            decimal(c, 3, "high", b.high());
            decimal(c, 4, "low", b.low());
            decimal(c, 5, "close", b.close());
            decimal(c, 6, "volume", b.volume());
            decimal(c, 7, "turnover", b.turnover());
            if (b.vwap().isPresent()) { // a bar without volume has no VWAP: the field is left null
                decimal(c, 8, "vwap", b.vwap().get());
            }
            int64(c, 9, "trades", b.trades());
        }
    };

    private static MessageType checked(MessageType schema, List<String> columns) {
        List<String> names = schema.getFields().stream().map(f -> f.getName()).toList();
        if (!names.equals(columns)) {
            throw new IllegalStateException("schema columns " + names + " are not the layout's " + columns);
        }
        return schema;
    }

    private static void int64(RecordConsumer c, int index, String name, long value) {
        c.startField(name, index);
        c.addLong(value);
        c.endField(name, index);
    }

    private static void decimal(RecordConsumer c, int index, String name, BigDecimal value) {
        c.startField(name, index);
        c.addBinary(DECIMAL_TEXT.get().binary(value));
        c.endField(name, index);
    }

    /**
     * Prices and volumes repeat (a symbol trades at a few hundred prices a day): their text and
     * its UTF-8 bytes are made once per value and thread, not once per trade. Bounded: cleared
     * when full.
     */
    private static final ThreadLocal<DecimalText> DECIMAL_TEXT = ThreadLocal.withInitial(DecimalText::new);

    private static final class DecimalText {
        private static final int MAX_ENTRIES = 16_384;
        private final java.util.HashMap<BigDecimal, Binary> texts = new java.util.HashMap<>();

        Binary binary(BigDecimal value) {
            Binary b = texts.get(value);
            if (b == null) {
                if (texts.size() >= MAX_ENTRIES) {
                    texts.clear();
                }
                b = Binary.fromString(Decimals.text(value));
                texts.put(value, b);
            }
            return b;
        }
    }

    private static void text(RecordConsumer c, int index, String name, String value) {
        c.startField(name, index);
        c.addBinary(Binary.fromString(value));
        c.endField(name, index);
    }
}
