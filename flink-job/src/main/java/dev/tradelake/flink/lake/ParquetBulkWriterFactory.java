package dev.tradelake.flink.lake;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet part files for {@code FileSink.forBulkFormat}: what flink-parquet's factory does, over
 * parquet-hadoop directly (flink-parquet is not published for this Flink and Parquet). A part
 * file is finished (footer written) when the sink rolls it, at each checkpoint.
 *
 * <p>Rows go straight to Parquet's column writers ({@link RowWriter}), not through a
 * {@code ParquetWriter} and its record consumer, which checks field names and tracks which
 * fields of each nested level a record set: a flat schema needs none of it, and it was about a
 * quarter of the writer's time. What {@code ParquetWriter} does around them is done here the same way:
 * a row group is cut when the buffered columns reach {@link ParquetWriter#DEFAULT_BLOCK_SIZE},
 * and pages are cut by Parquet's column store.
 */
final class ParquetBulkWriterFactory<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;
    /** Snappy: as cheap as no compression here, at less than half the size (README, the lake's cost). */
    private static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

    private static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;
    /** How often the buffered size is checked against {@link #ROW_GROUP_BYTES} (rows). */
    private static final int ROW_GROUP_CHECK_ROWS = 10_000;

    private final RowWriter<T> rows;
    /** Made in the writer's thread: each subtask deserializes its own copy of the sink and of this. */
    private transient SharedCodecs codecs;

    private transient ParquetProperties properties;
    private transient MessageType schema;

    ParquetBulkWriterFactory(RowWriter<T> rows) {
        this.rows = rows;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
        if (codecs == null) {
            codecs = new SharedCodecs(ParquetProperties.DEFAULT_PAGE_SIZE);
            schema = rows.schema();
            ParquetProperties.Builder props = ParquetProperties.builder()
                    // Optional byte counts per page and column that no reader of the lake uses.
                    .withSizeStatisticsEnabled(false);
            for (String column : rows.plainColumns()) {
                props = props.withDictionaryEncoding(column, false);
            }
            for (String column : rows.unorderedColumns()) {
                props = props.withStatisticsEnabled(column, false);
            }
            properties = props.build();
        }
        return new PartFile<>(new StreamOutputFile(out), schema, properties, codecs.getCompressor(CODEC), rows);
    }

    /** One part file: its column writers, row group after row group, then the footer. */
    private static final class PartFile<T> implements BulkWriter<T>, RowWriter.Rows {
        private final MessageType schema;
        private final ParquetProperties properties;
        private final BytesInputCompressor compressor;
        private final RowWriter<T> rows;
        private final ParquetFileWriter file;
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore store;
        private ColumnWriter[] columns;
        private long rowsInGroup;

        PartFile(
                StreamOutputFile out,
                MessageType schema,
                ParquetProperties properties,
                BytesInputCompressor compressor,
                RowWriter<T> rows)
                throws IOException {
            this.schema = schema;
            this.properties = properties;
            this.compressor = compressor;
            this.rows = rows;
            // No padding to an HDFS block (the stream has none) and no encryption.
            this.file = new ParquetFileWriter(
                    out, schema, ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES, 0, null, properties);
            file.start();
            startRowGroup();
        }

        private void startRowGroup() {
            pages = ColumnChunkPageWriteStore.builder()
                    .withSchema(schema)
                    .withAllocator(properties.getAllocator())
                    .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                    .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                    .withCompressorProvider(column -> compressor)
                    .build();
            store = properties.newColumnWriteStore(schema, pages, pages);
            columns = schema.getColumns().stream().map(store::getColumnWriter).toArray(ColumnWriter[]::new);
            rowsInGroup = 0;
        }

        @Override
        public void addElement(T element) throws IOException {
            rows.write(element, columns, this);
        }

        @Override
        public void endRow() throws IOException {
            store.endRecord();
            if (++rowsInGroup % ROW_GROUP_CHECK_ROWS == 0 && store.getBufferedSize() >= ROW_GROUP_BYTES) {
                endRowGroup();
                startRowGroup();
            }
        }

        private void endRowGroup() throws IOException {
            try {
                if (rowsInGroup > 0) {
                    file.startBlock(rowsInGroup);
                    store.flush();
                    pages.flushToFileWriter(file);
                    file.endBlock();
                }
            } finally {
                store.close();
                pages.close();
            }
        }

        @Override
        public void flush() {
            // A Parquet file cannot be flushed halfway; rows are written out by finish().
        }

        @Override
        public void finish() throws IOException {
            endRowGroup();
            file.end(Map.of());
        }
    }
}
