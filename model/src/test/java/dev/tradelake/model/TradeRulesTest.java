package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TradeRulesTest {

    @Test
    void aValidTradePasses() {
        assertThat(TradeRules.check("SPY", 1381132800465L, 167.41, 100)).isNull();
        assertThat(TradeRules.check("S".repeat(64), 0, Double.MIN_VALUE, 0)).isNull();
        assertThat(TradeRules.check("X", TradeRules.MAX_TIME_MS, Double.MAX_VALUE, Double.MAX_VALUE)).isNull();
    }

    @Test
    void eachRuleHasItsReason() {
        assertThat(TradeRules.check(null, 5, 1, 1).reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(TradeRules.check("", 5, 1, 1).reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(TradeRules.check("S".repeat(65), 5, 1, 1).reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        assertThat(TradeRules.check("X", 5, 0, 1).reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(TradeRules.check("X", 5, -0.0, 1).reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(TradeRules.check("X", 5, Double.NaN, 1).reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(TradeRules.check("X", 5, Double.POSITIVE_INFINITY, 1).reason()).isEqualTo(RejectReason.BAD_PRICE);
        assertThat(TradeRules.check("X", 5, 1, -1e-9).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(TradeRules.check("X", 5, 1, Double.NaN).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(TradeRules.check("X", 5, 1, Double.POSITIVE_INFINITY).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        assertThat(TradeRules.check("X", -1, 1, 1).reason()).isEqualTo(RejectReason.BAD_TIME);
        assertThat(TradeRules.check("X", TradeRules.MAX_TIME_MS + 1, 1, 1).reason()).isEqualTo(RejectReason.BAD_TIME);
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
        assertThat(TradeRules.checkConditions(java.util.Collections.nCopies(TradeRules.MAX_CONDITIONS, "12"))).isNull();
        assertThat(TradeRules.checkConditions(java.util.Collections.nCopies(TradeRules.MAX_CONDITIONS + 1, "12"))
                .reason()).isEqualTo(RejectReason.BAD_CONDITIONS);
        assertThat(TradeRules.checkConditions(java.util.List.of("1".repeat(TradeRules.MAX_CONDITION_LENGTH + 1)))
                .reason()).isEqualTo(RejectReason.BAD_CONDITIONS);
        assertThat(TradeRules.checkRecordSize(TradeRules.MAX_RECORD_BYTES - 3, "SPY")).isNull();
        assertThat(TradeRules.checkRecordSize(TradeRules.MAX_RECORD_BYTES - 2, "SPY").reason())
                .isEqualTo(RejectReason.OVERSIZED);
        // The largest trade the rules allow, every code escaped, encodes far under the limit.
        Trade largest = new Trade("\u00e9".repeat(TradeRules.MAX_SYMBOL_LENGTH), TradeRules.MAX_TIME_MS, TradeRules.MAX_SEQ,
                Double.MAX_VALUE, Double.MAX_VALUE,
                java.util.Collections.nCopies(TradeRules.MAX_CONDITIONS, "\u0001".repeat(TradeRules.MAX_CONDITION_LENGTH)),
                Long.MAX_VALUE);
        byte[] one = TradeRecordFormat.encode(java.util.List.of(largest));
        assertThat(TradeRules.checkRecordSize(one.length, largest.symbol())).isNull();
        assertThat(one.length).isLessThan(TradeRules.MAX_RECORD_BYTES / 100);
    }
}
