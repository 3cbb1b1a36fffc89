package dev.tradelake.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a bar size cuts time into periods: epoch-aligned windows of a fixed length (what the Flink
 * job writes; {@code 1d} is then the UTC day), or whole days of a time zone, whose length changes
 * with daylight saving time.
 */
public sealed interface BarPeriods {

    /** The start of the period that holds {@code timeMs}. */
    long startOf(long timeMs);

    /** The end (exclusive) of the period that starts at {@code startMs}: the next period's start. */
    long endOf(long startMs);

    /** The size as people write it: {@code 5m}, {@code 1d}. */
    String label();

    /**
     * Whether epoch-aligned bars of {@code storedMs} fall wholly inside one period each, for
     * periods that start between {@code fromMs} and {@code toMs}: then those bars roll up into these.
     */
    boolean canBuildFrom(long storedMs, long fromMs, long toMs);

    /**
     * Parses a size such as {@code 5m} or {@code 1d}; with a zone, sizes of whole days are that
     * zone's days. Throws {@link IllegalArgumentException} naming the bad text.
     */
    static BarPeriods of(String size, ZoneId zone) {
        long ms = WindowSizes.parseMs(size);
        if (zone == null) {
            return new Fixed(ms);
        }
        if (ms % Fixed.DAY_MS != 0) {
            throw new IllegalArgumentException(
                    "a time zone applies to sizes of whole days (1d), not to '" + size.trim() + "'");
        }
        return new ZoneDays((int) Math.min(Integer.MAX_VALUE, ms / Fixed.DAY_MS), zone);
    }

    /** The first period that starts at or after {@code timeMs}. */
    default long firstStartAtOrAfter(long timeMs) {
        long start = startOf(timeMs);
        return start == timeMs ? start : endOf(start);
    }

    /** Epoch-aligned windows of {@code ms}, as {@link WindowSizes#windowStart} cuts them. */
    record Fixed(long ms) implements BarPeriods {
        static final long DAY_MS = 86_400_000L;

        public Fixed {
            if (ms <= 0) {
                throw new IllegalArgumentException("period must be positive: " + ms);
            }
        }

        @Override
        public long startOf(long timeMs) {
            return WindowSizes.windowStart(timeMs, ms);
        }

        @Override
        public long endOf(long startMs) {
            return startMs + ms;
        }

        @Override
        public String label() {
            return WindowSizes.label(ms);
        }

        @Override
        public boolean canBuildFrom(long storedMs, long fromMs, long toMs) {
            return storedMs > 0 && ms % storedMs == 0;
        }
    }

    /** {@code days} local days of {@code zone}, counted from 1970-01-01 there; each starts at local midnight. */
    record ZoneDays(int days, ZoneId zone) implements BarPeriods {

        public ZoneDays {
            Objects.requireNonNull(zone, "zone");
            if (days <= 0) {
                throw new IllegalArgumentException("days must be positive: " + days);
            }
        }

        @Override
        public long startOf(long timeMs) {
            LocalDate date = Instant.ofEpochMilli(timeMs).atZone(zone).toLocalDate();
            long epochDay = date.toEpochDay();
            LocalDate first = LocalDate.ofEpochDay(epochDay - Math.floorMod(epochDay, days));
            return first.atStartOfDay(zone).toInstant().toEpochMilli();
        }

        @Override
        public long endOf(long startMs) {
            LocalDate date = Instant.ofEpochMilli(startMs).atZone(zone).toLocalDate();
            return date.plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
        }

        @Override
        public String label() {
            return days + "d";
        }

        /**
         * Local midnight is UTC midnight minus the zone's offset, so bars of {@code storedMs} fit when
         * they fit a UTC day and every offset the zone has between the two times is a multiple of them.
         */
        @Override
        public boolean canBuildFrom(long storedMs, long fromMs, long toMs) {
            if (storedMs <= 0 || Fixed.DAY_MS % storedMs != 0) {
                return false;
            }
            for (ZoneOffset offset : offsets(zone.getRules(), fromMs, toMs)) {
                if (offset.getTotalSeconds() * 1000L % storedMs != 0) {
                    return false;
                }
            }
            return true;
        }

        private static List<ZoneOffset> offsets(ZoneRules rules, long fromMs, long toMs) {
            List<ZoneOffset> offsets = new ArrayList<>();
            offsets.add(rules.getOffset(Instant.ofEpochMilli(fromMs)));
            for (ZoneOffsetTransition t : rules.getTransitions()) {
                long at = t.getInstant().toEpochMilli();
                if (at > fromMs && at <= toMs) {
                    offsets.add(t.getOffsetAfter());
                }
            }
            for (ZoneOffsetTransitionRule rule : rules.getTransitionRules()) {
                offsets.add(rule.getOffsetBefore());
                offsets.add(rule.getOffsetAfter());
            }
            return offsets;
        }
    }
}
