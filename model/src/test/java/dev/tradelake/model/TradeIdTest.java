package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TradeIdTest {

    @Test
    void sortKeyIsThirteenDigitsHashSixDigits() {
        assertThat(new TradeId("SPY", 1381132800465L, 3).sortKey()).isEqualTo("1381132800465#000003");
        assertThat(new TradeId("SPY", 0, 0).sortKey()).isEqualTo("0000000000000#000000");
        assertThat(new TradeId("SPY", 42, 999_999).sortKey()).isEqualTo("0000000000042#999999");
        assertThat(new TradeId("SPY", 1381132800465L, 3).sortKey())
                .isEqualTo(String.format("%013d#%06d", 1381132800465L, 3));
    }

    @Test
    void everyValidIdHasAFixedWidthSortKey() {
        assertThat(new TradeId("SPY", TradeRules.MAX_TIME_MS, TradeRules.MAX_SEQ).sortKey())
                .isEqualTo("9999999999999#999999");
        assertThat(TradeRules.MAX_TIME_MS).isEqualTo(9_999_999_999_999L);
    }

    @Test
    void lexicographicOrderOfSortKeysIsTimeThenSeqOrder() {
        Random random = new Random(5);
        List<TradeId> ids = new ArrayList<>();
        long[] times = {
            0,
            1,
            9,
            10,
            99,
            100,
            999_999_999_999L,
            1_000_000_000_000L,
            1381132800465L,
            1381132800466L,
            TradeRules.MAX_TIME_MS - 1,
            TradeRules.MAX_TIME_MS
        };
        int[] seqs = {0, 1, 9, 10, 99, 100, 999, 1000, 99_999, 100_000, TradeRules.MAX_SEQ};
        for (long t : times) {
            for (int s : seqs) {
                ids.add(new TradeId("SPY", t, s));
            }
        }
        for (int i = 0; i < 5_000; i++) {
            ids.add(new TradeId(
                    "SPY", random.nextLong(TradeRules.MAX_TIME_MS + 1), random.nextInt(TradeRules.MAX_SEQ + 1)));
            ids.add(new TradeId("SPY", 1381132800000L + random.nextInt(1000), random.nextInt(20)));
        }
        List<TradeId> byKey = new ArrayList<>(ids);
        byKey.sort(Comparator.comparing(TradeId::sortKey));
        List<TradeId> byTimeThenSeq = new ArrayList<>(ids);
        byTimeThenSeq.sort(Comparator.comparingLong(TradeId::timeMs).thenComparingInt(TradeId::seq));
        assertThat(byKey).containsExactlyElementsOf(byTimeThenSeq);
        assertThat(ids).allSatisfy(id -> assertThat(id.sortKey()).hasSize(20));
    }

    @Test
    void floorAndCeilingBoundEveryTradeOfTheirMillisecond() {
        long t = 1381132800465L;
        String floor = TradeId.sortKeyFloor(t);
        String ceiling = TradeId.sortKeyCeiling(t);
        assertThat(floor).isEqualTo("1381132800465#000000");
        assertThat(ceiling).isEqualTo("1381132800465#999999");
        for (int seq : new int[] {0, 1, 500, TradeRules.MAX_SEQ}) {
            String key = new TradeId("SPY", t, seq).sortKey();
            assertThat(key).isBetween(floor, ceiling);
        }
        assertThat(new TradeId("SPY", t - 1, TradeRules.MAX_SEQ).sortKey()).isLessThan(floor);
        assertThat(new TradeId("SPY", t + 1, 0).sortKey()).isGreaterThan(ceiling);
        assertThat(TradeId.sortKeyCeiling(t - 1)).isLessThan(floor);
        assertThat(TradeId.sortKeyFloor(t + 1)).isGreaterThan(ceiling);
    }

    @Test
    void floorAndCeilingClampToTheValidRange() {
        assertThat(TradeId.sortKeyFloor(-5)).isEqualTo(TradeId.sortKeyFloor(0));
        assertThat(TradeId.sortKeyFloor(Long.MIN_VALUE)).isEqualTo("0000000000000#000000");
        assertThat(TradeId.sortKeyCeiling(Long.MAX_VALUE)).isEqualTo(TradeId.sortKeyCeiling(TradeRules.MAX_TIME_MS));
        assertThat(TradeId.sortKeyCeiling(Long.MAX_VALUE)).hasSize(20);
    }

    @Test
    void fromSortKeyRoundTrips() {
        Random random = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            TradeId id = new TradeId(
                    "BAC", random.nextLong(TradeRules.MAX_TIME_MS + 1), random.nextInt(TradeRules.MAX_SEQ + 1));
            assertThat(TradeId.fromSortKey("BAC", id.sortKey())).isEqualTo(id);
        }
        assertThat(TradeId.fromSortKey("SPY", "1381132800465#000003")).isEqualTo(new TradeId("SPY", 1381132800465L, 3));
        assertThat(TradeId.fromSortKey("SPY", "0000000000000#000000")).isEqualTo(new TradeId("SPY", 0, 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "#",
                "1381132800465",
                "1381132800465#",
                "1381132800465#00003",
                "1381132800465#0000003",
                "381132800465#000003",
                "01381132800465#000003",
                "1381132800465-000003",
                "1381132800465#00000a",
                "138113280046a#000003",
                "+381132800465#000003",
                "-000000000001#000000",
                "1381132800465#+00003",
                "1381132800465#-00003",
                " 381132800465#000003",
                "1381132800465# 00003",
                "1381132800465 000003",
                "\u0661381132800465#000003",
                "1381132800465#00000\u0663"
            })
    void fromSortKeyRefusesWhatIsNotASortKey(String key) {
        assertThatThrownBy(() -> TradeId.fromSortKey("SPY", key)).as(key).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeChecks() {
        assertThatThrownBy(() -> new TradeId("SPY", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TradeId("SPY", TradeRules.MAX_TIME_MS + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TradeId("SPY", Long.MIN_VALUE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TradeId("SPY", 5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TradeId("SPY", 5, TradeRules.MAX_SEQ + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TradeId("SPY", TradeRules.MAX_TIME_MS, TradeRules.MAX_SEQ).seq())
                .isEqualTo(999_999);
    }

    @Test
    void toStringIsUniqueAcrossSymbols() {
        assertThat(new TradeId("SPY", 1381132800465L, 3)).hasToString("SPY:1381132800465:3");
        assertThat(new TradeId("SPY", 5, 0).toString()).isNotEqualTo(new TradeId("BAC", 5, 0).toString());
    }

    @Test
    void tradeIdentity() {
        FeedTrade feed = new FeedTrade("SPY", 1381132800465L, 167.41, 100, List.of("12"));
        Trade first = feed.identify(0, 1_700_000_000_000L);
        Trade copy = feed.identify(1, 1_700_000_000_001L);
        assertThat(first)
                .isEqualTo(new Trade("SPY", 1381132800465L, 0, 167.41, 100, List.of("12"), 1_700_000_000_000L));
        assertThat(first.id()).isEqualTo(new TradeId("SPY", 1381132800465L, 0));
        assertThat(copy.id()).isNotEqualTo(first.id());
        assertThat(copy.id().sortKey()).isGreaterThan(first.id().sortKey());
        assertThat(first.isBefore(copy)).isTrue();
        assertThat(copy.isBefore(first)).isFalse();
        assertThat(first.isBefore(first)).isFalse();
        Trade later = new FeedTrade("SPY", 1381132800466L, 1, 1, List.of()).identify(0, 0);
        assertThat(copy.isBefore(later)).isTrue();
        assertThat(later.isBefore(copy)).isFalse();
    }

    @Test
    void conditionsAreCopied() {
        List<String> codes = new ArrayList<>(List.of("12"));
        FeedTrade feed = new FeedTrade("SPY", 5, 1, 1, codes);
        Trade trade = new Trade("SPY", 5, 0, 1, 1, codes, 0);
        codes.add("37");
        assertThat(feed.conditions()).containsExactly("12");
        assertThat(trade.conditions()).containsExactly("12");
        assertThatThrownBy(() -> feed.conditions().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
