package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void textIsTheShortestPlainDecimal() {
        assertThat(Decimals.text(new BigDecimal("1000.0"))).isEqualTo("1000");
        assertThat(Decimals.text(new BigDecimal("1e2"))).isEqualTo("100");
        assertThat(Decimals.text(new BigDecimal("1e-8"))).isEqualTo("0.00000001");
        assertThat(Decimals.text(new BigDecimal("167.410"))).isEqualTo("167.41");
        assertThat(Decimals.text(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(Decimals.text(new BigDecimal("1e-130"))).isEqualTo("1E-130");
        assertThat(Decimals.text(new BigDecimal("9.99e125"))).isEqualTo("9.99E+125");
    }

    @Test
    void parseReadsDigitsNotDoubles() {
        assertThat(Decimals.parse("0.1")).isEqualTo(new BigDecimal("0.1"));
        assertThat(Decimals.parse("1e-8").compareTo(new BigDecimal("0.00000001")))
                .isZero();
        assertThat(Decimals.parse("abc")).isNull();
        assertThat(Decimals.parse("1e99999999999")).isNull();
        assertThat(Decimals.parse("")).isNull();
        char[] buffer = "[12.5,3]".toCharArray();
        assertThat(Decimals.parse(buffer, 1, 4)).isEqualTo(new BigDecimal("12.5"));
    }

    @Test
    void canonicalMakesEqualNumbersEqual() {
        assertThat(Decimals.canonical(new BigDecimal("100.00"))).isEqualTo(new BigDecimal("100"));
        assertThat(Decimals.canonical(new BigDecimal("1E+2"))).isEqualTo(new BigDecimal("100"));
        assertThat(Decimals.of(0.1)).isEqualTo(new BigDecimal("0.1"));
        assertThat(Decimals.of(100.0)).isEqualTo(new BigDecimal("100"));
    }

    @Test
    void storedRoundsOnlyPastDynamoDbsDigits() {
        BigDecimal exact = new BigDecimal("12345678901234567890.123456789012345678"); // 38 digits
        assertThat(Decimals.stored(exact)).isSameAs(exact);
        assertThat(Decimals.stored(new BigDecimal("1.0000000000000000000000000000000000000051")))
                .isEqualTo(new BigDecimal("1.0000000000000000000000000000000000000"));
    }

    @Test
    void storableFollowsDynamoDbsNumberRange() {
        assertThat(Decimals.storable(BigDecimal.ZERO)).isTrue();
        assertThat(Decimals.storable(new BigDecimal("1e-130"))).isTrue();
        assertThat(Decimals.storable(new BigDecimal("-9.9999999999999999999999999999999999999e125")))
                .isTrue();
        assertThat(Decimals.storable(new BigDecimal("1e126"))).isFalse();
        assertThat(Decimals.storable(new BigDecimal("9.99e-131"))).isFalse();
        assertThat(Decimals.storable(new BigDecimal("1.00000000000000000000000000000000000000000")))
                .isTrue();
        assertThat(Decimals.storable(new BigDecimal("1.000000000000000000000000000000000000001")))
                .isFalse();
    }
}
