package dev.tradelake.local.feed;

import java.util.Locale;

/**
 * How fast the local feed replays its source, measured against the trades' own times.
 *
 * @param factor feed milliseconds played per wall-clock millisecond; {@code +Infinity} means
 *               as fast as the client reads ({@link #max()})
 */
public record Pace(double factor) {

    public Pace {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("pace factor must be > 0, was " + factor);
        }
    }

    /** Trades are sent when they happened, relative to the first one: a live market. */
    public static Pace realTime() {
        return new Pace(1.0);
    }

    /** {@code factor} times faster than real time ({@code speed(60)}: one feed minute per second). */
    public static Pace speed(double factor) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("speed factor must be finite, was " + factor + "; use Pace.max()");
        }
        return new Pace(factor);
    }

    /** No waiting at all: only the client's reading speed (backpressure) limits the rate. */
    public static Pace max() {
        return new Pace(Double.POSITIVE_INFINITY);
    }

    public boolean isMax() {
        return factor == Double.POSITIVE_INFINITY;
    }

    /**
     * Reads a command-line value: {@code max}, {@code realtime}, or a positive factor such as
     * {@code 10} or {@code 10x}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Pace parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "max":
                return max();
            case "realtime":
            case "real-time":
            case "1x":
                return realTime();
            default:
                break;
        }
        String number = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
        try {
            double factor = Double.parseDouble(number);
            if (factor > 0 && Double.isFinite(factor)) {
                return speed(factor);
            }
        } catch (NumberFormatException e) {
            // falls through to the message that names the accepted forms
        }
        throw new IllegalArgumentException(
                "speed must be 'max', 'realtime' or a positive factor such as 10 or 10x, was '" + text + "'");
    }

    @Override
    public String toString() {
        return isMax() ? "max" : factor == 1.0 ? "realtime" : factor + "x";
    }
}
