package dev.tradelake.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where the lake's Parquet files live and what their columns are called: the one owner of the
 * layout that the Flink job writes, {@code ./datalake sql} and {@code compact} read, and
 * Terraform's Glue tables describe (terraform/lake.tf repeats these names; a test compares them).
 *
 * <pre>
 * &lt;lake&gt;/trades/dt=2013-10-07/symbol=SPY/part-....parquet
 * &lt;lake&gt;/bars/dt=2013-10-07/symbol=SPY/part-....parquet
 * </pre>
 *
 * Partitions are Hive-style ({@code key=value} directories), by UTC date of the trade or of the
 * bar's start, then symbol; {@code dt} because {@code date} is reserved in Athena. The partition
 * columns are in the path only, not in the files, as Hive, Athena and DuckDB expect.
 *
 * <p>Prices, volumes and the sums made of them are columns of exact decimal text
 * ({@link Decimals#text}), not Parquet DECIMAL: the trade rules accept any number DynamoDB
 * stores (38 significant digits, magnitudes from 1e-130 to 1e125), so no fixed scale holds every
 * accepted value, and a rounded one would make the lake disagree with the tables. Readers cast:
 * {@code CAST(price AS DECIMAL(38, 18))} is exact for any real market's prices and volumes.
 */
public final class LakeLayout {

    public static final String TRADES = "trades";
    public static final String BARS = "bars";
    public static final String DATE_PARTITION = "dt";
    public static final String SYMBOL_PARTITION = "symbol";

    /**
     * The trades files' columns, in file order. The trade id ({@code SYMBOL:epoch-ms:seq}) is not
     * stored: it is the symbol partition, {@code t} and {@code seq}, and readers derive it
     * ({@link #TRADE_ID_SQL}); a column of unique strings would be half of every file.
     */
    public static final List<String> TRADE_COLUMNS = List.of("t", "seq", "price", "volume");
    /** The trade id as SQL over a trades row (DuckDB; Athena spells epoch_ms differently). */
    public static final String TRADE_ID_SQL = "symbol || ':' || epoch_ms(t) || ':' || seq";
    /** The bars files' columns, in file order ({@code window} is a label such as {@code 1m}). */
    public static final List<String> BAR_COLUMNS =
            List.of("window_start", "window", "open", "high", "low", "close", "volume", "turnover", "vwap", "trades");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private LakeLayout() {}

    /** The partition directory of a row of {@code symbol} at {@code timeMs}: {@code dt=2013-10-07/symbol=SPY}. */
    public static String partition(String symbol, long timeMs) {
        return DATE_PARTITION + '=' + date(timeMs) + '/' + SYMBOL_PARTITION + '=' + pathSafe(symbol);
    }

    /** The UTC date of {@code timeMs}, as partitions name it. */
    public static String date(long timeMs) {
        return DATE.format(Instant.ofEpochMilli(timeMs));
    }

    /**
     * A symbol as a directory name: Hive's escaping ({@code %2F}) for the characters a path or
     * a partition value cannot hold; feed symbols ({@code BINANCE:BTCUSDT}, {@code OANDA:EUR_USD})
     * pass unchanged.
     */
    static String pathSafe(String symbol) {
        StringBuilder out = new StringBuilder(symbol.length());
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (c == '/' || c == '\\' || c == '=' || c == '%' || c < ' ' || c == 0x7f) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
