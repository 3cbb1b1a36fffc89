package dev.tradelake.flink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.model.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

    private final DecimalText text = new DecimalText();

    @Test
    void writesTheModelsTextOfEveryKindOfValue() {
        for (String v : new String[] {
            "0",
            "0.000",
            "-0.0",
            "1",
            "10",
            "100",
            "1E+2",
            "1.50",
            "167.41",
            "0.00000001",
            "0.5",
            "-3.25",
            "999999999999999999",
            "0.999999999999999999",
            "1234567890.12345678",
            "123456789012345678901234.5",
            "1E-130",
            "9.9999999999999999999999999999999999999E+125",
            "1E+41",
            "1E-41",
            "12.3456789012345678901",
            "-999999999999999999",
            "0.000000000000000001"
        }) {
            assertSameText(new BigDecimal(v));
        }
    }

    @Test
    void writesTheModelsTextOfRandomValues() {
        Random random = new Random(18);
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong() / (1L << random.nextInt(63));
            int scale = random.nextInt(44) - 22;
            assertSameText(new BigDecimal(BigInteger.valueOf(unscaled), scale));
        }
    }

    private void assertSameText(BigDecimal value) {
        assertThat(text.binary(value).toStringUsingUTF8())
                .as("text of %s", value)
                .isEqualTo(Decimals.text(value));
    }
}
