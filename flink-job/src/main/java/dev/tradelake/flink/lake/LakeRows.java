package dev.tradelake.flink.lake;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.tradelake.model.Bar;
import dev.tradelake.model.LakeLayout;
import dev.tradelake.model.WindowSizes;
import java.io.IOException;
import java.util.List;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The lake's two Parquet schemas, in {@link LakeLayout}'s column order: timestamps are Parquet
 * {@code TIMESTAMP(MILLIS, UTC)}, decimals exact text (why: {@link LakeLayout}).
 */
final class LakeRows {

    private LakeRows() {}

    static final RowWriter<LakeTradeRows> TRADES = new RowWriter<>() {
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
        public void write(LakeTradeRows t, ColumnWriter[] c, Rows rows) throws IOException {
            DecimalText text = DECIMAL_TEXT.get();
            for (int i = t.from; i < t.to; i++) {
                c[0].write(t.timesMs[i], 0, 0);
                c[1].write(t.seqs[i], 0, 0);
                c[2].write(text.binary(t.prices[i]), 0, 0);
                c[3].write(text.binary(t.volumes[i]), 0, 0);
                rows.endRow();
            }
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
        public void write(Bar b, ColumnWriter[] c, Rows rows) throws IOException {
            DecimalText text = DECIMAL_TEXT.get();
            c[0].write(b.windowStartMs(), 0, 0);
            c[1].write(Binary.fromString(WindowSizes.label(b.windowMs())), 0, 0);
            c[2].write(text.binary(b.open()), 0, 0);
            c[3].write(text.binary(b.high()), 0, 0);
            c[4].write(text.binary(b.low()), 0, 0);
            c[5].write(text.binary(b.close()), 0, 0);
            c[6].write(text.binary(b.volume()), 0, 0);
            c[7].write(text.binary(b.turnover()), 0, 0);
            if (b.vwap().isPresent()) {
                c[8].write(text.binary(b.vwap().get()), 0, 1);
            } else { // a bar without volume has no VWAP: the field is null
                c[8].writeNull(0, 0);
            }
            c[9].write((long) b.trades(), 0, 0);
            rows.endRow();
        }
    };

    private static MessageType checked(MessageType schema, List<String> columns) {
        List<String> names = schema.getFields().stream().map(f -> f.getName()).toList();
        if (!names.equals(columns)) {
            throw new IllegalStateException("schema columns " + names + " are not the layout's " + columns);
        }
        return schema;
    }

    private static final ThreadLocal<DecimalText> DECIMAL_TEXT = ThreadLocal.withInitial(DecimalText::new);
}
