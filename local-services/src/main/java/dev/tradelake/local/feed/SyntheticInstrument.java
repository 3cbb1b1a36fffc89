package dev.tradelake.local.feed;

import java.util.List;

/**
 * One instrument of the synthetic market. Prices move in whole ticks so that every price is an
 * exact decimal ({@code ticks / ticksPerUnit} prints as {@code 190.23}, not {@code 190.23000000000002}).
 *
 * @param weight how often it trades relative to the others
 */
record SyntheticInstrument(
        String symbol, Kind kind, long ticksPerUnit, long initialTicks, double stepTicks, int weight) {

    enum Kind {
        /** Whole-share volumes and sale-condition codes. */
        EQUITY,
        /** Fractional volumes, no condition codes. */
        CRYPTO,
        /** Price updates without volume ({@code v = 0}), as Finnhub sends for forex. */
        FX
    }

    /** Equities, crypto and forex, like a free Finnhub subscription would mix them. */
    static final List<SyntheticInstrument> DEFAULT = List.of(
            new SyntheticInstrument("AAPL", Kind.EQUITY, 100, 19_000, 2, 5),
            new SyntheticInstrument("MSFT", Kind.EQUITY, 100, 40_000, 3, 4),
            new SyntheticInstrument("AMZN", Kind.EQUITY, 100, 15_000, 2, 3),
            new SyntheticInstrument("BINANCE:BTCUSDT", Kind.CRYPTO, 100, 4_300_000, 300, 3),
            new SyntheticInstrument("BINANCE:ETHUSDT", Kind.CRYPTO, 100, 230_000, 30, 2),
            new SyntheticInstrument("OANDA:EUR_USD", Kind.FX, 100_000, 108_500, 2, 2));

    double price(long ticks) {
        return ticks / (double) ticksPerUnit;
    }
}
