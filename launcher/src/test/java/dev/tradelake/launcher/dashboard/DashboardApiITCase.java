package dev.tradelake.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.Trade;
import dev.tradelake.model.testing.RecordedDay;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's JSON API and live stream over tables in the DynamoDB emulator. */
@ExtendWith(LocalAwsExtension.class)
class DashboardApiITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_381_152_600_000L; // 2013-10-07T13:30:00Z

    @Test
    void barsOfTheRecordedDayEqualTheReference(LocalAws aws) throws Exception {
        RecordedDay.assumePresent();
        List<RecordedDay.ReferenceBar> reference = RecordedDay.bars1m();
        try (LakeFixture lake = new LakeFixture(aws)) {
            lake.putBars(reference.stream().map(DashboardApiITCase::bar).toList());

            HttpResponse<String> response = lake.get("/api/bars?symbol=SPY&window=1m");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode bars = JSON.readTree(response.body());
            List<RecordedDay.ReferenceBar> spy =
                    reference.stream().filter(b -> b.symbol().equals("SPY")).toList();
            assertThat(bars).hasSize(spy.size());
            for (int i = 0; i < spy.size(); i++) {
                RecordedDay.ReferenceBar e = spy.get(i);
                JsonNode a = bars.get(i);
                String at = "SPY @ " + e.windowStartMs();
                assertThat(a.path("symbol").asText()).as(at).isEqualTo("SPY");
                assertThat(a.path("window_start_ms").asLong()).as(at).isEqualTo(e.windowStartMs());
                assertThat(a.path("open").asDouble()).as(at).isEqualTo(e.open());
                assertThat(a.path("high").asDouble()).as(at).isEqualTo(e.high());
                assertThat(a.path("low").asDouble()).as(at).isEqualTo(e.low());
                assertThat(a.path("close").asDouble()).as(at).isEqualTo(e.close());
                assertThat(a.path("volume").asDouble()).as(at).isEqualTo(e.volume());
                assertThat(a.path("trades").asLong()).as(at).isEqualTo(e.trades());
                if (e.vwap() == null) {
                    assertThat(a.path("vwap").isNull()).as(at).isTrue();
                } else {
                    assertThat(a.path("vwap").asDouble())
                            .as(at)
                            .isCloseTo(e.vwap(), org.assertj.core.api.Assertions.within(e.vwap() * 1e-9));
                }
            }

            // Larger windows: each holds the one-minute bars of its span, first open to last close.
            for (String window : List.of("5m", "1h", "1d")) {
                long windowMs = dev.tradelake.model.WindowSizes.parseMs(window);
                JsonNode rolled = JSON.readTree(
                        lake.get("/api/bars?symbol=SPY&window=" + window).body());
                assertThat(rolled.size()).as(window).isEqualTo((int) spy.stream()
                        .map(b -> b.windowStartMs() / windowMs)
                        .distinct()
                        .count());
                long trades = 0;
                for (JsonNode r : rolled) {
                    long start = r.path("window_start_ms").asLong();
                    List<RecordedDay.ReferenceBar> inside = spy.stream()
                            .filter(b -> b.windowStartMs() >= start && b.windowStartMs() < start + windowMs)
                            .toList();
                    String at = window + " @ " + start;
                    assertThat(r.path("open").asDouble())
                            .as(at)
                            .isEqualTo(inside.get(0).open());
                    assertThat(r.path("close").asDouble())
                            .as(at)
                            .isEqualTo(inside.get(inside.size() - 1).close());
                    assertThat(r.path("high").asDouble())
                            .as(at)
                            .isEqualTo(inside.stream()
                                    .mapToDouble(RecordedDay.ReferenceBar::high)
                                    .max()
                                    .orElseThrow());
                    assertThat(r.path("trades").asLong())
                            .as(at)
                            .isEqualTo(inside.stream()
                                    .mapToLong(RecordedDay.ReferenceBar::trades)
                                    .sum());
                    trades += r.path("trades").asLong();
                }
                assertThat(trades)
                        .as(window)
                        .isEqualTo(RecordedDay.totals().get("SPY").trades());
            }

            JsonNode symbols = JSON.readTree(lake.get("/api/symbols").body());
            assertThat(symbols).extracting(JsonNode::asText).containsExactlyElementsOf(RecordedDay.SYMBOLS);

            // Paging back, as the page does: the latest 100 bars before a time, oldest first.
            long before = spy.get(spy.size() - 50).windowStartMs();
            JsonNode page = JSON.readTree(lake.get("/api/bars?symbol=SPY&window=1m&limit=100&to=" + (before - 1))
                    .body());
            assertThat(page).hasSize(100);
            assertThat(page.get(0).path("window_start_ms").asLong())
                    .isEqualTo(spy.get(spy.size() - 150).windowStartMs());
            assertThat(page.get(99).path("window_start_ms").asLong())
                    .isEqualTo(spy.get(spy.size() - 51).windowStartMs());
        }
    }

    @Test
    void badParametersGet400WithOneLine(LocalAws aws) throws Exception {
        try (LakeFixture lake = new LakeFixture(aws)) {
            assertBadRequest(lake, "/api/bars?window=1m", "parameter 'symbol' is required");
            assertBadRequest(lake, "/api/bars?symbol=SPY&window=2m", "window must be one of 1m, 5m, 15m, 1h, 1d");
            assertBadRequest(lake, "/api/trades?symbol=SPY&from=soon", "from: 'soon' is neither epoch milliseconds");
            assertBadRequest(lake, "/api/stream?symbol=SPY&colour=red", "unknown parameter 'colour'");
            assertThat(lake.get("/api/nothing").statusCode()).isEqualTo(404);
            // An odd symbol is data, not markup: it comes back as a JSON string, escaped by the page.
            assertThat(lake.get("/api/bars?symbol=%3Cb%3E").body()).isEqualTo("[]");
        }
    }

    @Test
    void tradesAreTheLatestOldestFirst(LocalAws aws) throws Exception {
        try (LakeFixture lake = new LakeFixture(aws)) {
            List<Trade> trades = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                trades.add(new Trade("IBM", T0 + i * 1_000L, 0, 180 + i, 10, List.of("@"), T0));
            }
            lake.putTrades(trades);
            JsonNode latest = JSON.readTree(lake.get("/api/trades?symbol=IBM&limit=5&to=" + (T0 + 20_000))
                    .body());
            assertThat(latest)
                    .extracting(t -> t.path("t").asLong())
                    .containsExactly(T0 + 16_000, T0 + 17_000, T0 + 18_000, T0 + 19_000, T0 + 20_000);
            assertThat(latest.get(0).path("id").asText()).isEqualTo("IBM:" + (T0 + 16_000) + ":0");
        }
    }

    @Test
    @Timeout(120)
    void aStoredTradeReachesTheFormingCandleThroughTheStream(LocalAws aws) throws Exception {
        try (LakeFixture lake = new LakeFixture(aws)) {
            lake.putBars(List.of(new Bar("AIG", 60_000, T0 - 60_000, 50, 51, 49, 50.5, 100, 5_050, 3)));
            lake.putTrades(List.of(new Trade("AIG", T0 + 1_000, 0, 51.0, 10, List.of(), T0)));

            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(lake.uri("/api/stream?symbol=AIG&window=1m"))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (BufferedReader events =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                JsonNode seeded = nextEvent(events, "bar");
                assertThat(seeded.path("window_start_ms").asLong()).isEqualTo(T0);
                assertThat(seeded.path("trades").asLong()).isEqualTo(1);

                lake.putTrades(List.of(new Trade("AIG", T0 + 2_000, 0, 52.25, 30, List.of(), T0)));
                JsonNode trades = nextEvent(events, "trades");
                assertThat(trades).hasSize(1);
                assertThat(trades.get(0).path("price").asDouble()).isEqualTo(52.25);
                JsonNode forming = nextEvent(events, "bar");
                assertThat(forming.path("trades").asLong()).isEqualTo(2);
                assertThat(forming.path("open").asDouble()).isEqualTo(51.0);
                assertThat(forming.path("close").asDouble()).isEqualTo(52.25);
                assertThat(forming.path("high").asDouble()).isEqualTo(52.25);
                assertThat(forming.path("volume").asDouble()).isEqualTo(40);

                // The candle's last trade and the next candle's first, read by one poll: the closing
                // candle is shown with its last trade before the next one starts.
                lake.putTrades(List.of(
                        new Trade("AIG", T0 + 59_999, 0, 53.0, 5, List.of(), T0),
                        new Trade("AIG", T0 + 60_000, 0, 54.0, 7, List.of(), T0)));
                JsonNode closed = nextEvent(events, "bar");
                assertThat(closed.path("window_start_ms").asLong()).isEqualTo(T0);
                assertThat(closed.path("trades").asLong()).isEqualTo(3);
                assertThat(closed.path("close").asDouble()).isEqualTo(53.0);
                JsonNode next = nextEvent(events, "bar");
                assertThat(next.path("window_start_ms").asLong()).isEqualTo(T0 + 60_000);
                assertThat(next.path("trades").asLong()).isEqualTo(1);
            }
        }
    }

    /** Reads events until one named {@code name}; the read blocks until the server sends it (the test's timeout bounds it). */
    private static JsonNode nextEvent(BufferedReader events, String name) throws Exception {
        String event = null;
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && name.equals(event)) {
                return JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended before a '" + name + "' event");
    }

    private static void assertBadRequest(LakeFixture lake, String path, String reason) throws Exception {
        HttpResponse<String> response = lake.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.body()).as(path).contains(reason);
        assertThat(response.body().strip()).as(path).doesNotContain("\n");
    }

    static Bar bar(RecordedDay.ReferenceBar r) {
        double turnover = r.vwap() == null ? 0 : r.vwap() * r.volume();
        return new Bar(
                r.symbol(),
                60_000,
                r.windowStartMs(),
                r.open(),
                r.high(),
                r.low(),
                r.close(),
                r.volume(),
                turnover,
                r.trades());
    }
}
