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

    /**
     * Columns whose minimum and maximum in byte order say nothing (decimal text: "10" sorts
     * before "9"): written without statistics, which would cost two comparisons per value.
     */
    default java.util.Set<String> unorderedColumns() {
        return java.util.Set.of();
    }

    /** Writes the fields of {@code row}, between the consumer's startMessage and endMessage. */
    void write(T row, RecordConsumer consumer);
}
