package dev.tradelake.model;

import java.util.Locale;

/**
 * Durations as people write them, the one grammar of every flag and setting that takes one: a whole
 * number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 90s},
 * {@code 2m}, {@code 1h}, {@code 1d}), upper or lower case, no space between.
 */
public final class Durations {

    private Durations() {}

    /** Parses one duration of zero or more milliseconds; throws {@link IllegalArgumentException} naming the bad text. */
    public static long parseMs(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int unitAt = 0;
        while (unitAt < s.length() && s.charAt(unitAt) >= '0' && s.charAt(unitAt) <= '9') {
            unitAt++;
        }
        if (unitAt == 0 || unitAt == s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a number and a unit (ms, s, m, h, d)");
        }
        long amount;
        try {
            amount = Long.parseLong(s.substring(0, unitAt));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
        long unitMs = switch (s.substring(unitAt)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit (ms, s, m, h, d)");
        };
        if (amount > Long.MAX_VALUE / unitMs) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return amount * unitMs;
    }
}
