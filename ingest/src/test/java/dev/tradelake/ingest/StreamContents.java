package dev.tradelake.ingest;

import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Everything in a stream, read from the start of every shard and decoded as a consumer would. */
record StreamContents(List<Trade> trades, int records, List<String> problems) {

    static StreamContents read(KinesisClient kinesis, String stream) throws TradeRecordFormat.MalformedRecordException {
        List<Trade> trades = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int records = 0;
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String it = iterator;
                GetRecordsResponse response =
                        kinesis.getRecords(b -> b.shardIterator(it).limit(10_000));
                if (response.records().isEmpty()) {
                    break; // the writer has finished, so an empty answer is the end of the shard
                }
                for (Record r : response.records()) {
                    records++;
                    TradeRecordFormat.Decoded decoded =
                            TradeRecordFormat.decode(r.data().asByteArray());
                    if (!decoded.symbol().equals(r.partitionKey())) {
                        problems.add("record of " + decoded.symbol() + " has partition key " + r.partitionKey());
                    }
                    if (!decoded.rejected().isEmpty()) {
                        problems.add("record with rejected rows: " + decoded.rejected());
                    }
                    trades.addAll(decoded.trades());
                }
                iterator = response.nextShardIterator();
            }
        }
        return new StreamContents(trades, records, problems);
    }
}
