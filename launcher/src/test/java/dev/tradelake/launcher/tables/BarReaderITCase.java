package dev.tradelake.launcher.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarItemConverter;
import dev.tradelake.launcher.testing.BatchLoad;
import dev.tradelake.local.aws.LocalAws;
import dev.tradelake.local.aws.LocalAwsExtension;
import dev.tradelake.model.Bar;
import dev.tradelake.model.BarPeriods;
import dev.tradelake.model.BarRollup;
import dev.tradelake.model.DecimalBar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which stored size {@link BarReader} reads, against the DynamoDB emulator. */
@ExtendWith(LocalAwsExtension.class)
class BarReaderITCase {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;
    /** 2026-11-01T00:00Z. */
    private static final long DAY0 = 1_793_491_200_000L;

    private static final String SYMBOL = "XYZ";

    /**
     * A lake grown before the job had 1h bars: 1m bars all day, 1h bars (rolled up as the job rolls
     * them) only from noon. A range over both parts is read from the 1m bars, one within the
     * second part from the 1h bars, and both answers are the rollup of every minute.
     */
    @Test
    void aRangeOverAnOlderPartWithoutCoarseBarsIsReadFromTheFinerOnes(LocalAws aws) {
        List<Bar> hours = BarRollup.rollUpBars(minutesOfTheDay(), HOUR);
        List<Bar> fromNoon = hours.stream()
                .filter(h -> h.windowStartMs() >= DAY0 + 12 * HOUR)
                .toList();
        BarReader reader = readerOf(aws, fromNoon);
        BarPeriods hourly = BarPeriods.of("1h", null);

        BarReader.Answer wholeDay = reader.bars(SYMBOL, hourly, DAY0, DAY0 + DAY - 1, BarReader.Fill.NONE, 1_000);
        assertThat(wholeDay.storedMs()).isEqualTo(MINUTE);
        assertSameBars(wholeDay, hours);

        BarReader.Answer afternoon =
                reader.bars(SYMBOL, hourly, DAY0 + 12 * HOUR, DAY0 + DAY - 1, BarReader.Fill.NONE, 1_000);
        assertThat(afternoon.storedMs()).as("the 1h bars cover it").isEqualTo(HOUR);
        assertSameBars(afternoon, fromNoon);
    }

    /**
     * A lake whose job stopped storing 1h bars at noon (1h dropped from {@code bars.windows}): a
     * range over the afternoon is read from the 1m bars, not from the morning's 1h bars alone.
     */
    @Test
    void aRangeReachingPastTheLastCoarseBarIsReadFromTheFinerOnes(LocalAws aws) {
        List<Bar> hours = BarRollup.rollUpBars(minutesOfTheDay(), HOUR);
        List<Bar> untilNoon =
                hours.stream().filter(h -> h.windowStartMs() < DAY0 + 12 * HOUR).toList();
        BarReader reader = readerOf(aws, untilNoon);
        BarPeriods hourly = BarPeriods.of("1h", null);

        BarReader.Answer wholeDay = reader.bars(SYMBOL, hourly, DAY0, DAY0 + DAY - 1, BarReader.Fill.NONE, 1_000);
        assertThat(wholeDay.storedMs()).isEqualTo(MINUTE);
        assertSameBars(wholeDay, hours);

        BarReader.Answer morning = reader.bars(SYMBOL, hourly, DAY0, DAY0 + 12 * HOUR - 1, BarReader.Fill.NONE, 1_000);
        assertThat(morning.storedMs()).as("the 1h bars cover it").isEqualTo(HOUR);
        assertSameBars(morning, untilNoon);
    }

    /** A reader of a fresh table holding {@link #minutesOfTheDay} and {@code hours}. */
    private static BarReader readerOf(LocalAws aws, List<Bar> hours) {
        String table = LocalAws.uniqueName("reader-bars");
        aws.createBarsTable(table);
        BatchLoad.write(
                aws.dynamoDb(),
                table,
                Stream.concat(minutesOfTheDay().stream(), hours.stream())
                        .map(b -> BarItemConverter.toItem(b, 0))
                        .toList());
        return new BarReader(aws.dynamoDb(), table, () -> DAY0 + 2 * DAY);
    }

    /** Every seventh minute of the day from 00:30 traded. */
    private static List<Bar> minutesOfTheDay() {
        List<Bar> minutes = new ArrayList<>();
        for (long start = DAY0 + 30 * MINUTE; start < DAY0 + DAY; start += 7 * MINUTE) {
            double price = 100 + (start / MINUTE) % 13;
            minutes.add(new Bar(SYMBOL, MINUTE, start, price, price + 1, price - 1, price + 0.5, 10, 10 * price, 3));
        }
        return minutes;
    }

    private static void assertSameBars(BarReader.Answer answer, List<Bar> expected) {
        assertThat(answer.bars())
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("filled")
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactlyElementsOf(expected.stream().map(DecimalBar::of).toList());
    }
}
