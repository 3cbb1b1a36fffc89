package dev.tradelake.flink.lake;

import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * {@link Decimals#text}'s text of a decimal, as the bytes a Parquet string column takes. A price
 * or a volume is at most 18 digits with a scale of 0 to 18 in practice, so its text is made from
 * the unscaled {@code long} directly (no {@code String}); anything else goes through
 * {@link Decimals#text}. The texts of recent values are kept in a small table indexed by the
 * value's hash, one value per slot: one probe and no allocation for a value seen before (a
 * {@code HashMap} from decimal to text cost more than the rest of the row). One per writer
 * thread.
 */
final class DecimalText {
    private static final int MAX_DIGITS = 18;

    private static final int SLOT_BITS = 12;

    /**
     * The texts of recent values, one per slot of their hash: a symbol trades at a few hundred
     * prices and volumes a day, so most values are found here, with no text to make or allocate.
     */
    private final BigDecimal[] values = new BigDecimal[1 << SLOT_BITS];

    private final Binary[] texts = new Binary[1 << SLOT_BITS];
    private final byte[] buffer = new byte[64];
    private final byte[] digits = new byte[MAX_DIGITS + 1];

    /** The text of {@code value}. */
    Binary binary(BigDecimal value) {
        int slot = (value.hashCode() * 0x9E3779B9) >>> (32 - SLOT_BITS);
        BigDecimal known = values[slot];
        if (known != null && known.equals(value)) { // same digits and scale, so the same text
            return texts[slot];
        }
        int length = write(value);
        Binary text = length >= 0
                ? Binary.fromConstantByteArray(Arrays.copyOf(buffer, length))
                : Binary.fromConstantByteArray(Decimals.text(value).getBytes(StandardCharsets.US_ASCII));
        values[slot] = value;
        texts[slot] = text;
        return text;
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
