package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TradeSequencerTest {

    private static final long T0 = 1_381_132_800_000L;

    @Test
    void ranksTheTradesOfOneMillisecondInArrivalOrder() {
        TradeSequencer sequencer = new TradeSequencer();
        assertThat(sequencer.identify(trade("SPY", T0), 0).seq()).isZero();
        assertThat(sequencer.identify(trade("SPY", T0), 0).seq()).isEqualTo(1);
        assertThat(sequencer.identify(trade("AAPL", T0), 0).seq()).isZero();
        assertThat(sequencer.identify(trade("SPY", T0 + 1), 0).seq()).isZero();
        assertThat(sequencer.identify(trade("SPY", T0), 0).seq()).isEqualTo(2);
    }

    @Test
    void aTradeTenMinutesLateForABusyMillisecondGetsAFreshId() {
        TradeSequencer sequencer = new TradeSequencer();
        Set<TradeId> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertThat(ids.add(sequencer.identify(trade("SPY", T0), 0).id())).isTrue();
        }
        // Ten minutes of a busy symbol: a trade in every millisecond, far past the window.
        for (long t = T0 + 1; t <= T0 + 600_000; t++) {
            sequencer.identify(trade("SPY", t), 0);
        }
        Trade late = sequencer.identify(trade("SPY", T0), 0);
        Trade later = sequencer.identify(trade("SPY", T0), 0);
        assertThat(ids.add(late.id())).as("late id %s", late.id()).isTrue();
        assertThat(ids.add(later.id())).isTrue();
        assertThat(late.seq()).isGreaterThanOrEqualTo(TradeSequencer.LATE_BASE);
    }

    @Test
    void idsNeverCollideAndAreDeterministic() {
        List<FeedTrade> feed = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // Mostly in order, some far behind: the late ones land on forgotten milliseconds.
            long t = T0 + i / 3 - (random.nextInt(50) == 0 ? random.nextInt(60_000) : 0);
            feed.add(trade(random.nextBoolean() ? "SPY" : "BAC", t));
        }
        List<TradeId> first = identifyAll(new TradeSequencer(), feed);
        assertThat(new HashSet<>(first)).hasSize(feed.size());
        assertThat(identifyAll(new TradeSequencer(), feed)).isEqualTo(first);
    }

    @Test
    void aSequencerRebuiltFromTheJournalContinuesWhereItLeftOff() {
        List<FeedTrade> feed = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 60_000; i++) {
            feed.add(trade("SPY", T0 + i / 4 - (random.nextInt(40) == 0 ? random.nextInt(20_000) : 0)));
        }
        TradeSequencer before = new TradeSequencer();
        List<Trade> journal = new ArrayList<>();
        for (FeedTrade t : feed.subList(0, 30_000)) {
            journal.add(before.identify(t, 0));
        }
        TradeSequencer after = new TradeSequencer();
        journal.forEach(after::observe);
        Set<TradeId> ids = new HashSet<>();
        journal.forEach(t -> ids.add(t.id()));
        for (FeedTrade t : feed.subList(30_000, feed.size())) {
            assertThat(ids.add(after.identify(t, 0).id())).isTrue();
        }
        // Also right after a restart, for a millisecond just before the journal's end.
        assertThat(ids.add(after.identify(
                                trade("SPY", journal.get(journal.size() - 1).timeMs()), 0)
                        .id()))
                .isTrue();
    }

    @Test
    void aSequencerResumedAfterAJournalSendsLateTradesToFreshIds() {
        TradeSequencer before = new TradeSequencer();
        Set<TradeId> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ids.add(before.identify(trade("SPY", T0 + i / 3), 0).id());
        }
        ids.add(before.identify(trade("SPY", T0 - 60_000), 0).id());
        TradeSequencer after = new TradeSequencer();
        after.resumeAfter("SPY", T0 + 3, TradeSequencer.LATE_BASE);
        for (int i = 0; i < 10; i++) {
            assertThat(ids.add(after.identify(trade("SPY", T0 + i / 3), 0).id()))
                    .isTrue();
        }
        assertThat(after.identify(trade("SPY", T0 + 4), 0).seq()).isZero();
    }

    private static List<TradeId> identifyAll(TradeSequencer sequencer, List<FeedTrade> feed) {
        List<TradeId> ids = new ArrayList<>(feed.size());
        for (FeedTrade t : feed) {
            ids.add(sequencer.identify(t, 0).id());
        }
        return ids;
    }

    private static FeedTrade trade(String symbol, long timeMs) {
        return new FeedTrade(symbol, timeMs, 10, 1, List.of());
    }
}
