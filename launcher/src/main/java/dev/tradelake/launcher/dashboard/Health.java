package dev.tradelake.launcher.dashboard;

import java.util.Map;

/**
 * The pipeline's health as the page's strip shows it. A field is null when the source cannot know
 * it: a dashboard over a finished lake has no rates, a lake on AWS has no local dead-letter file.
 *
 * @param live                   whether a pipeline is running in this process
 * @param tradesInPerSecond      trades the ingest accepted per second, lately
 * @param tradesStoredPerSecond  trades the Lambda handler stored per second, lately
 * @param lagMs                  the stream consumer's iterator age
 * @param rejects                trades rejected by the ingest, by reason
 * @param deadLetters            records sent to the dead-letter queue
 * @param lateTrades             trades later than the bars' allowed lateness
 * @param latestTradeMs          the time of the latest stored trade of any symbol
 */
public record Health(
        boolean live,
        Double tradesInPerSecond,
        Double tradesStoredPerSecond,
        Long tradesIn,
        Long tradesStored,
        Long lagMs,
        Map<String, Long> rejects,
        Long deadLetters,
        Long lateTrades,
        Long latestTradeMs) {

    /** What a source of health figures answers; called for every {@code /api/health} request. */
    public interface Source {
        Health health();
    }
}
