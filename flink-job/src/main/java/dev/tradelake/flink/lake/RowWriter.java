package dev.tradelake.flink.lake;

import java.io.Serializable;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** How one kind of row becomes a Parquet record: its schema and the fields of one row. */
interface RowWriter<T> extends Serializable {

    MessageType schema();

    /**
     * Columns whose values rarely repeat (ids, times): written plain, without the dictionary
     * Parquet would otherwise build, find too large and drop for every page.
     */
    default java.util.Set<String> plainColumns() {
        return java.util.Set.of();
    }

    /** Writes the fields of {@code row}, between the consumer's startMessage and endMessage. */
    void write(T row, RecordConsumer consumer);
}
