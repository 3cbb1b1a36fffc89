package dev.tradelake.flink.lake;

import java.io.IOException;
import java.io.Serializable;
import java.util.Set;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.schema.MessageType;

/** How one kind of sink element becomes Parquet rows: their schema and the values of each row. */
interface RowWriter<T> extends Serializable {

    MessageType schema();

    /**
     * Columns whose values rarely repeat (times): written plain, without the dictionary Parquet
     * would otherwise build, find too large and drop for every page.
     */
    default Set<String> plainColumns() {
        return Set.of();
    }

    /**
     * Columns whose minimum and maximum in byte order say nothing (decimal text: "10" sorts
     * before "9"): written without statistics, which would cost two comparisons per value.
     */
    default Set<String> unorderedColumns() {
        return Set.of();
    }

    /**
     * Writes the rows of {@code element}: for each, one value to each column ({@code columns} in
     * the schema's order), then {@link Rows#endRow}. The schemas are flat: a value has repetition
     * level 0 and definition level 0 (required) or 1 (optional and present); a missing optional
     * value is {@code writeNull(0, 0)}.
     */
    void write(T element, ColumnWriter[] columns, Rows rows) throws IOException;

    /** Where rows end. */
    interface Rows {
        void endRow() throws IOException;
    }
}
