package dev.tradelake.launcher;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** What the dead-letter queue holds: messages, counts by reason, the oldest and the newest. */
record DeadLetterReport(int messages, Map<String, Integer> byReason, Instant oldest, Instant newest) {

    static DeadLetterReport of(Collection<DeadLetterEntry> entries) {
        Map<String, Integer> byReason = new TreeMap<>();
        Instant oldest = null;
        Instant newest = null;
        for (DeadLetterEntry entry : entries) {
            for (String reason : entry.reasons()) {
                byReason.merge(reason, 1, Integer::sum);
            }
            if (entry.time() != null) {
                oldest = oldest == null || entry.time().isBefore(oldest) ? entry.time() : oldest;
                newest = newest == null || entry.time().isAfter(newest) ? entry.time() : newest;
            }
        }
        return new DeadLetterReport(entries.size(), byReason, oldest, newest);
    }

    String format() {
        if (messages == 0) {
            return "dead-letter queue: empty\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("dead-letter queue: ")
                .append(messages)
                .append(messages == 1 ? " message" : " messages")
                .append(", oldest ")
                .append(oldest)
                .append(", newest ")
                .append(newest)
                .append('\n');
        TextTable table = new TextTable("reason", "count");
        byReason.forEach((reason, count) -> table.row(reason, Integer.toString(count)));
        for (String line : table.lines()) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
