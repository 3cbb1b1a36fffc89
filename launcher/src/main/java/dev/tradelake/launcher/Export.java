package dev.tradelake.launcher;

import dev.tradelake.launcher.tables.StoredItems;
import dev.tradelake.model.Bar;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Writes what a drained local run stored: {@code trades.csv} and {@code bars_1m.csv}. */
final class Export {

    static final String TRADES_FILE = "trades.csv";
    static final String BARS_1M_FILE = "bars_1m.csv";
    static final String SUMMARY_FILE = "summary.json";

    private static final Comparator<StoredItems.StoredTrade> TRADE_ORDER = Comparator.comparing(
                    (StoredItems.StoredTrade t) -> t.id().symbol())
            .thenComparingLong(t -> t.id().timeMs())
            .thenComparingInt(t -> t.id().seq());
    private static final Comparator<Bar> BAR_ORDER =
            Comparator.comparing(Bar::symbol).thenComparingLong(Bar::windowStartMs);

    private Export() {}

    /** {@code symbol,t,price,volume,id}, by symbol, then time, then seq. */
    static void trades(Path file, List<StoredItems.StoredTrade> trades) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("symbol,t,price,volume,id\n");
            for (StoredItems.StoredTrade t : trades.stream().sorted(TRADE_ORDER).toList()) {
                out.write(csv(t.id().symbol())
                        + ','
                        + t.id().timeMs()
                        + ','
                        + Numbers.plain(t.price())
                        + ','
                        + Numbers.plain(t.volume())
                        + ','
                        + csv(t.id().toString())
                        + '\n');
            }
        }
    }

    /** As {@code ../shared/data/*.bars_1m.csv}: by symbol then window, vwap with ten decimals, empty at zero volume. */
    static void bars(Path file, List<Bar> bars) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("symbol,window_start_ms,open,high,low,close,volume,vwap,trades\n");
            for (Bar b : bars.stream().sorted(BAR_ORDER).toList()) {
                out.write(csv(b.symbol())
                        + ','
                        + b.windowStartMs()
                        + ','
                        + Numbers.plain(b.open())
                        + ','
                        + Numbers.plain(b.high())
                        + ','
                        + Numbers.plain(b.low())
                        + ','
                        + Numbers.plain(b.close())
                        + ','
                        + Numbers.plain(b.volume())
                        + ','
                        + (b.vwap().isPresent() ? Numbers.vwap(b.vwap().get()) : "")
                        + ','
                        + b.trades()
                        + '\n');
            }
        }
    }

    /** Symbols such as {@code BINANCE:BTCUSDT} are safe; a comma or quote in one is quoted, as RFC 4180 says. */
    static String csv(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
