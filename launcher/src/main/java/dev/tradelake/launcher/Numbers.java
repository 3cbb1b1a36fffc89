package dev.tradelake.launcher;

import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are printed in tables and CSV files. */
final class Numbers {

    private Numbers() {}

    /** Shortest exact text ({@link Decimals#text}): 100 not 100.0, 167.41 not 1.6741E2. */
    static String plain(BigDecimal value) {
        return Decimals.text(value);
    }

    /** VWAP with ten decimals, as the reference bars file has it. */
    static String vwap(BigDecimal value) {
        return value.setScale(10, RoundingMode.HALF_UP).toPlainString();
    }
}
