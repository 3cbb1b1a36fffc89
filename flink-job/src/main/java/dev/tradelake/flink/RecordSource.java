package dev.tradelake.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job's trade records come from: the payloads of Kinesis records in
 * {@link dev.tradelake.model.TradeRecordFormat}, still undecoded (decoding is the job's first step).
 * {@link KinesisRecordSource} in production; {@code InMemoryRecords} (test fixture)
 * in tests and benchmarks.
 */
@FunctionalInterface
public interface RecordSource {

    /** Adds the source operators to {@code env}, named and with uids, and returns their output. */
    DataStream<byte[]> addTo(StreamExecutionEnvironment env);
}
