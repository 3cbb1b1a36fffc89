package dev.tradelake.flink.lake;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Parquet part files for {@code FileSink.forBulkFormat}: what flink-parquet's factory does, over
 * parquet-hadoop directly (flink-parquet is not published for this Flink and Parquet). A part
 * file is finished (footer written) when the sink rolls it, at each checkpoint.
 */
final class ParquetBulkWriterFactory<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    private final RowWriter<T> rows;
    /** Made in the writer's thread: each subtask deserializes its own copy of the sink and of this. */
    private transient SharedCodecs codecs;

    ParquetBulkWriterFactory(RowWriter<T> rows) {
        this.rows = rows;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
        if (codecs == null) {
            codecs = new SharedCodecs(ParquetProperties.DEFAULT_PAGE_SIZE);
        }
        Builder<T> builder = new Builder<>(new StreamOutputFile(out), rows)
                // Parquet's own configuration: a Hadoop one parses Hadoop's default XML for every
                // part file, milliseconds each, which a file per partition per checkpoint multiplies.
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withCodecFactory(codecs)
                // Optional byte counts per page and column that no reader of the lake uses.
                .withSizeStatisticsEnabled(false);
        for (String column : rows.plainColumns()) {
            builder = builder.withDictionaryEncoding(column, false);
        }
        for (String column : rows.unorderedColumns()) {
            builder = builder.withStatisticsEnabled(column, false);
        }
        ParquetWriter<T> writer = builder.build();
        return new BulkWriter<>() {
            @Override
            public void addElement(T element) throws IOException {
                writer.write(element);
            }

            @Override
            public void flush() {
                // A Parquet file cannot be flushed halfway; rows are written out by finish().
            }

            @Override
            public void finish() throws IOException {
                writer.close();
            }
        };
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final RowWriter<T> rows;

        Builder(OutputFile file, RowWriter<T> rows) {
            super(file);
            this.rows = rows;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport();
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
            return writeSupport();
        }

        private WriteSupport<T> writeSupport() {
            return new WriteSupport<>() {
                private RecordConsumer consumer;

                @Override
                public WriteContext init(Configuration configuration) {
                    return new WriteContext(rows.schema(), Map.of());
                }

                @Override
                public WriteContext init(ParquetConfiguration configuration) {
                    return new WriteContext(rows.schema(), Map.of());
                }

                @Override
                public void prepareForWrite(RecordConsumer recordConsumer) {
                    consumer = recordConsumer;
                }

                @Override
                public void write(T record) {
                    consumer.startMessage();
                    rows.write(record, consumer);
                    consumer.endMessage();
                }
            };
        }
    }
}
