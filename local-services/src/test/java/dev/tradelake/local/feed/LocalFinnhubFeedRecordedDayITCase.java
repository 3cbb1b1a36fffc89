package dev.tradelake.local.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tradelake.local.aws.ProjectHome;
import dev.tradelake.model.FeedTrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole recorded day in {@code ../shared/data} through the feed at full speed, to one
 * client: every trade arrives, in each symbol's order. Skipped when the data is absent.
 */
class LocalFinnhubFeedRecordedDayITCase {

    private static final Path DATA = ProjectHome.get().resolve("../shared/data").normalize();
    private static final Path RECORDING = DATA.resolve("trades-2013-10-07.finnhub.jsonl.gz");
    private static final Path TOTALS = DATA.resolve("trades-2013-10-07.totals.csv");

    @Test
    void replaysTheRecordedDayAtFullSpeedWithoutLosingATrade() throws Exception {
        assumeTrue(Files.exists(RECORDING) && Files.exists(TOTALS), "no recorded day in " + DATA);
        SortedSet<String> symbols = RecordingSource.symbols(RECORDING);

        long start = System.nanoTime();
        List<FeedTrade> received;
        try (LocalFinnhubFeed feed = LocalFinnhubFeed.builder()
                .source(RecordingSource.open(RECORDING))
                .pace(Pace.max())
                .startWhenSubscribed(symbols)
                .build()
                .start()) {
            FeedClient client = FeedClient.connect(feed.uri()).subscribe(List.copyOf(symbols));
            assertThat(feed.awaitFinished(Duration.ofMinutes(3))).isTrue();
            assertThat(client.awaitTrades(expectedTotal(), Duration.ofMinutes(1)))
                    .isTrue();
            received = client.trades();
            assertThat(feed.stats().tradesSentBySymbol()).isEqualTo(totals());
            assertThat(feed.stats().tradesSkipped()).isZero();
            client.closeBlocking();
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "recorded day: %d trades in %d ms (%.0f trades/s)%n",
                received.size(), wallMs, received.size() * 1000.0 / wallMs);

        assertThat(countBySymbol(received)).isEqualTo(totals());
        assertThat(bySymbol(received)).isEqualTo(bySymbol(readAll(RECORDING)));
    }

    private static int expectedTotal() throws Exception {
        return totals().values().stream().mapToInt(Long::intValue).sum();
    }

    private static Map<String, Long> totals() throws Exception {
        Map<String, Long> totals = new TreeMap<>();
        for (String line :
                Files.readAllLines(TOTALS).subList(1, Files.readAllLines(TOTALS).size())) {
            String[] cols = line.split(",");
            totals.put(cols[0], Long.parseLong(cols[1]));
        }
        return totals;
    }

    private static Map<String, Long> countBySymbol(List<FeedTrade> trades) {
        return trades.stream().collect(Collectors.groupingBy(FeedTrade::symbol, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, List<FeedTrade>> bySymbol(List<FeedTrade> trades) {
        return trades.stream().collect(Collectors.groupingBy(FeedTrade::symbol));
    }

    private static List<FeedTrade> readAll(Path file) throws Exception {
        List<FeedTrade> trades = new ArrayList<>();
        try (RecordingSource source = RecordingSource.open(file)) {
            FeedBatch batch;
            while ((batch = source.next()) != null) {
                trades.addAll(batch.trades());
            }
        }
        return trades;
    }
}
