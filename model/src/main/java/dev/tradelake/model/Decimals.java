package dev.tradelake.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prices, volumes and the sums made of them are exact decimals: the owner of how they are read
 * from text, printed and rounded for storage.
 *
 * <p>Crypto and FX volumes have up to eight decimal places; a binary {@code double} cannot hold
 * {@code 0.1}, and a sum of such volumes drifts ({@code 320.28384799999986}). {@link BigDecimal}
 * keeps the feed's digits, and it is already a scaled {@code long} with a {@code BigInteger}
 * fallback: the values of a trade feed stay on its long fast path.
 *
 * <p>Printed numbers ({@link #text}) are the shortest decimal of the value, without an exponent
 * unless the value is extreme: {@code 1000} for a sum of {@code 10000 x 0.1}, {@code 0.00000001}
 * for {@code 1e-8}.
 */
public final class Decimals {

    /** DynamoDB keeps at most 38 significant digits of a number. */
    public static final int MAX_DIGITS = 38;
    /** The largest magnitude DynamoDB stores: 9.9999999999999999999999999999999999999E+125. */
    public static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    /** The smallest non-zero magnitude DynamoDB stores. */
    public static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    /**
     * Stored sums (a bar's volume and turnover) keep every digit up to {@link #MAX_DIGITS}, rounded
     * half-even beyond: at least 1e-37 relative, far inside what a reader can see.
     */
    public static final MathContext STORED = new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN);
    /** VWAP = turnover / volume, to 20 significant digits (relative error below 1e-19). */
    public static final MathContext VWAP = new MathContext(20, RoundingMode.HALF_EVEN);

    /** Beyond this exponent {@link #text} writes scientific notation instead of a long run of zeros. */
    private static final int MAX_PLAIN_EXPONENT = 40;

    private Decimals() {}

    /** The decimal a JSON or DynamoDB number's text denotes; null when it is not a number. */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 1_000) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As {@link #parse(String)}, over a slice of characters (a JSON parser's buffer). */
    public static BigDecimal parse(char[] text, int offset, int length) {
        if (length == 0 || length > 1_000) {
            return null;
        }
        try {
            return new BigDecimal(text, offset, length);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The shortest text of the value: trailing zeros dropped, plain digits unless the exponent is
     * beyond +-40 (then {@code 1E-130} style, which JSON and DynamoDB read alike).
     */
    public static String text(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        return Math.abs(exponent) > MAX_PLAIN_EXPONENT ? v.toString() : v.toPlainString();
    }

    /** The value as DynamoDB can store it: rounded to {@link #MAX_DIGITS} significant digits when longer. */
    public static BigDecimal stored(BigDecimal value) {
        return value.precision() > MAX_DIGITS ? value.round(STORED) : value;
    }

    /** turnover / volume to {@link #VWAP}'s precision; volume must not be zero. */
    public static BigDecimal vwap(BigDecimal turnover, BigDecimal volume) {
        return turnover.divide(volume, VWAP);
    }

    /** Whether DynamoDB can store the value as it is: zero, or magnitude and digits within its range. */
    public static boolean storable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal magnitude = value.abs();
        return magnitude.compareTo(MIN_MAGNITUDE) >= 0
                && magnitude.compareTo(MAX_MAGNITUDE) <= 0
                && value.stripTrailingZeros().precision() <= MAX_DIGITS;
    }

    /**
     * The value with the fewest digits: trailing zeros dropped, never a negative scale for values
     * DynamoDB can hold ({@code 100}, not {@code 1E+2}), so equal numbers are equal objects.
     */
    public static BigDecimal canonical(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 && v.scale() >= -MAX_CANONICAL_EXPONENT ? v.setScale(0) : v;
    }

    private static final int MAX_CANONICAL_EXPONENT = 130;

    /** For literals in tests and synthetic feeds: the decimal of the double's shortest text ({@code 0.1} is 0.1). */
    public static BigDecimal of(double value) {
        return canonical(BigDecimal.valueOf(value));
    }
}
