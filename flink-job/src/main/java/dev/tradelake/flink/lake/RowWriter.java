package dev.tradelake.flink.lake;

import java.io.Serializable;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** How one kind of row becomes a Parquet record: its schema and the fields of one row. */
interface RowWriter<T> extends Serializable {

    MessageType schema();

    /** Writes the fields of {@code row}, between the consumer's startMessage and endMessage. */
    void write(T row, RecordConsumer consumer);
}
