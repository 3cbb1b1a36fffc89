package dev.tradelake.flink.lake;

import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;

/**
 * {@link Decimals#text}'s text of a decimal, as the bytes a Parquet string column takes, written
 * into one buffer that the next value reuses. A price or a volume is at most 18 digits with a
 * scale of 0 to 18 in practice, so its text is made from the unscaled {@code long} directly:
 * no {@code String}, no cache lookup (a map from decimal to text cost more than the rest of the
 * row). Anything else goes through {@link Decimals#text}. Parquet copies a value it keeps (the
 * dictionary's entries), so handing it the reused buffer is safe; the columns that take these
 * values keep no statistics, which would hold on to it. One per writer thread.
 */
final class DecimalText {
    private static final int MAX_DIGITS = 18;

    private final byte[] buffer = new byte[64];
    private final byte[] digits = new byte[MAX_DIGITS + 1];

    /** The text of {@code value}, valid until the next call. */
    Binary binary(BigDecimal value) {
        int length = write(value);
        return length >= 0
                ? Binary.fromReusedByteArray(buffer, 0, length)
                : Binary.fromConstantByteArray(Decimals.text(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the text into the buffer and returns its length, or -1 outside the fast case. */
    int write(BigDecimal value) {
        int scale = value.scale();
        if (scale < 0 || scale > MAX_DIGITS || value.precision() > MAX_DIGITS) {
            return -1;
        }
        long unscaled = scale == 0 ? value.longValue() : value.unscaledValue().longValue();
        if (unscaled == 0) {
            buffer[0] = '0';
            return 1;
        }
        while (scale > 0 && unscaled % 10 == 0) { // the shortest text: trailing zeros dropped
            unscaled /= 10;
            scale--;
        }
        int at = 0;
        if (unscaled < 0) {
            buffer[at++] = '-';
            unscaled = -unscaled;
        }
        int n = 0;
        for (long u = unscaled; u > 0; u /= 10) {
            digits[n++] = (byte) ('0' + (u % 10)); // least significant first
        }
        if (n <= scale) { // 0.00ddd
            buffer[at++] = '0';
            buffer[at++] = '.';
            for (int z = n; z < scale; z++) {
                buffer[at++] = '0';
            }
            for (int i = n - 1; i >= 0; i--) {
                buffer[at++] = digits[i];
            }
            return at;
        }
        for (int i = n - 1; i >= 0; i--) {
            buffer[at++] = digits[i];
            if (i == scale && scale > 0) {
                buffer[at++] = '.';
            }
        }
        return at;
    }
}
