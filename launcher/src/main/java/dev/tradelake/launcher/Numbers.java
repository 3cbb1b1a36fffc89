package dev.tradelake.launcher;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are printed in tables and CSV files. */
final class Numbers {

    private Numbers() {
    }

    /** Shortest exact text: 100 not 100.0, 167.41 not 1.6741E2. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** VWAP with ten decimals, as the reference bars file has it. */
    static String vwap(double value) {
        return BigDecimal.valueOf(value).setScale(10, RoundingMode.HALF_UP).toPlainString();
    }
}
