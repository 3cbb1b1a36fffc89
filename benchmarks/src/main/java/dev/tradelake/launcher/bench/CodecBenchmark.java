package dev.tradelake.launcher.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import dev.tradelake.model.FinnhubFrame;
import dev.tradelake.model.Trade;
import dev.tradelake.model.TradeRecordFormat;
import dev.tradelake.model.TradeSequencer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingest's and the consumers' hot paths, per trade: parsing a Finnhub frame, and writing and
 * reading the Kinesis record format. Frames of {@value #TRADES} trades, as the feed sends in bursts.
 * Next to parsing and decoding, a bare Jackson streaming pass over the same text (every token read,
 * every number and string converted, nothing built): the least any JSON reader does, their ceiling.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    static final int TRADES = 40;
    private static final JsonFactory JSON = new JsonFactory();

    private String frame;
    private List<Trade> trades;
    private byte[] record;

    @Setup
    public void setUp() {
        List<FeedTrade> feed = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            feed.add(new FeedTrade("SPY", 1_381_132_800_465L + i / 3, 167.41 + i * 0.01, 100 + i, List.of("12", "37")));
        }
        frame = FinnhubCodec.tradeFrame(feed);
        TradeSequencer sequencer = new TradeSequencer();
        trades = feed.stream()
                .map(t -> sequencer.identify(t, 1_700_000_000_000L))
                .toList();
        record = TradeRecordFormat.encode(trades);
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public FinnhubFrame parseFrame() {
        return FinnhubCodec.parse(frame);
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public byte[] encodeRecord() {
        return TradeRecordFormat.encode(trades);
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public TradeRecordFormat.Decoded decodeRecord() throws TradeRecordFormat.MalformedRecordException {
        return TradeRecordFormat.decode(record);
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public double streamFrame() throws IOException {
        try (JsonParser p = JSON.createParser(frame)) {
            return readAll(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public double streamRecord() throws IOException {
        try (JsonParser p = JSON.createParser(record)) {
            return readAll(p);
        }
    }

    private static double readAll(JsonParser p) throws IOException {
        double sum = 0;
        JsonToken token;
        while ((token = p.nextToken()) != null) {
            switch (token) {
                case VALUE_NUMBER_INT -> sum += p.getLongValue();
                case VALUE_NUMBER_FLOAT -> sum += p.getDoubleValue();
                case VALUE_STRING -> sum += p.getText().length();
                default -> sum += 1;
            }
        }
        return sum;
    }
}
