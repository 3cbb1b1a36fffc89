package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TradeRulesTest {

    @Test
    void aValidTradePasses() {
        assertThat(check("SPY", 1381132800465L, "167.41", "100")).isNull();
        assertThat(check("S".repeat(64), 0, "1e-130", "0")).isNull();
        assertThat(check("X", TradeRules.MAX_TIME_MS, "1e50", "1e50")).isNull();
        assertThat(check("X", 5, "9.9999999999999999999999999999999999999e125", "0"))
                .isNull();
        assertThat(check("X", 5, "1.2345678901234567890123456789012345678", "0.00000001"))
                .isNull();
    }

    @Test
    void eachRuleHasItsReason() {
        assertThat(check(null, 5, "1", "1").reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(check("", 5, "1", "1").reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(check("S".repeat(65), 5, "1", "1").reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(check("X", 5, "0", "1").reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(check("X", 5, "-0.0", "1").reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(TradeRules.check("X", 5, null, BigDecimal.ONE).reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(check("X", 5, "1", "-1e-9").reason()).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(TradeRules.check("X", 5, BigDecimal.ONE, null).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(check("X", -1, "1", "1").reason()).isEqualTo(RejectReason.BAD_TIME);
        assertThat(check("X", TradeRules.MAX_TIME_MS + 1, "1", "1").reason()).isEqualTo(RejectReason.BAD_TIME);
    }

    @Test
    void numbersDynamoDbCannotStoreAreOutOfRange() {
        for (String bad : new String[] {
            "1e200", "1e126", "1e-131", "1e999", "1e-999999999", "1.23456789012345678901234567890123456789"
        }) {
            assertThat(check("X", 5, bad, "1").reason()).as("price " + bad).isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
            assertThat(check("X", 5, "1", bad).reason())
                    .as("volume " + bad)
                    .isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
        }
        assertThat(check("X", 5, "1e200", "1").detail()).contains("1E+200");
    }

    @Test
    void aTurnoverThatCouldOverflowABarIsRefused() {
        assertThat(check("X", 5, "1e60", "1e40")).isNull();
        assertThat(check("X", 5, "1e60", "1.1e40").reason()).isEqualTo(RejectReason.TURNOVER_OVERFLOW);
        assertThat(check("X", 5, "9e99", "1")).isNull();
        assertThat(check("X", 5, "1e120", "0")).isNull();
    }

    @Test
    void aTradeFarAheadOfTheClockIsRefused() {
        long now = 1_700_000_000_000L;
        assertThat(TradeRules.checkNotAhead(now + TradeRules.MAX_AHEAD_MS, now)).isNull();
        assertThat(TradeRules.checkNotAhead(now - 86_400_000L, now)).isNull();
        assertThat(TradeRules.checkNotAhead(now + TradeRules.MAX_AHEAD_MS + 1, now)
                        .reason())
                .isEqualTo(RejectReason.FUTURE_TIME);
        assertThat(TradeRules.checkNotAhead(TradeRules.MAX_TIME_MS, now).reason())
                .isEqualTo(RejectReason.FUTURE_TIME);
    }

    private static Rejection check(String symbol, long timeMs, String price, String volume) {
        return TradeRules.check(symbol, timeMs, new BigDecimal(price), new BigDecimal(volume));
    }

    @Test
    void rejectionKeyAndShortDetail() {
        assertThat(RejectReason.BAD_PRICE.key()).isEqualTo("bad_price");
        assertThat(RejectReason.ENTRY_NOT_OBJECT.key()).isEqualTo("entry_not_object");
        Rejection r = new Rejection(RejectReason.MALFORMED_JSON, "x".repeat(1_000));
        assertThat(r.detail()).hasSize(203).endsWith("...");
        assertThat(new Rejection(RejectReason.BAD_TIME, "t is missing")).hasToString("bad_time: t is missing");
    }

    @Test
    void sizeRulesKeepOneTradeInsideOneKinesisRecord() {
        assertThat(TradeRules.checkConditions(java.util.Collections.nCopies(TradeRules.MAX_CONDITIONS, "12")))
                .isNull();
        assertThat(TradeRules.checkConditions(java.util.Collections.nCopies(TradeRules.MAX_CONDITIONS + 1, "12"))
                        .reason())
                .isEqualTo(RejectReason.BAD_CONDITIONS);
        assertThat(TradeRules.checkConditions(java.util.List.of("1".repeat(TradeRules.MAX_CONDITION_LENGTH + 1)))
                        .reason())
                .isEqualTo(RejectReason.BAD_CONDITIONS);
        assertThat(TradeRules.checkRecordSize(TradeRules.MAX_RECORD_BYTES - 3, "SPY"))
                .isNull();
        assertThat(TradeRules.checkRecordSize(TradeRules.MAX_RECORD_BYTES - 2, "SPY")
                        .reason())
                .isEqualTo(RejectReason.OVERSIZED);
        // The largest trade the rules allow, every code escaped, encodes far under the limit.
        Trade largest = new Trade(
                "\u00e9".repeat(TradeRules.MAX_SYMBOL_LENGTH),
                TradeRules.MAX_TIME_MS,
                TradeRules.MAX_SEQ,
                Double.MAX_VALUE,
                Double.MAX_VALUE,
                java.util.Collections.nCopies(
                        TradeRules.MAX_CONDITIONS, "\u0001".repeat(TradeRules.MAX_CONDITION_LENGTH)),
                Long.MAX_VALUE);
        byte[] one = TradeRecordFormat.encode(java.util.List.of(largest));
        assertThat(TradeRules.checkRecordSize(one.length, largest.symbol())).isNull();
        assertThat(one.length).isLessThan(TradeRules.MAX_RECORD_BYTES / 100);
    }
}
