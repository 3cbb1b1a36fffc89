package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a running {@code ./datalake local} with a signal to its whole process group (the JVM
 * and the emulators): SIGINT, as a terminal's Ctrl-C sends it, and SIGTERM, as {@code timeout},
 * systemd and container stops send it. Everything the ingest accepted is stored, the stop is
 * bounded in time, and no process is left behind. The child's SIGINT disposition is reset to the
 * default (see {@link LocalChild}), so this holds however this test's own parent left signals.
 */
class LocalCtrlCITCase {

    private static final Pattern STOPPED = Pattern.compile(
            "stopped: (\\d+) trades accepted, (\\d+) written to the stream, (\\d+) stored, (\\d+) rejected");
    /** The launcher's stop budget plus its last-resort margin, plus the JVM's own exit. */
    private static final Duration BOUNDED_STOP = Duration.ofSeconds(45);

    @Test
    void ctrlCStoresEverythingAcceptedAndLeavesNoProcess(@TempDir Path work) throws Exception {
        stopsCleanlyOn("INT", work);
    }

    @Test
    void sigtermToTheProcessGroupStopsInBoundedTimeAndLeavesNoProcess(@TempDir Path work) throws Exception {
        stopsCleanlyOn("TERM", work);
    }

    private static void stopsCleanlyOn(String signal, Path work) throws Exception {
        try (LocalChild datalake =
                LocalChild.start(work.resolve("run"), work.resolve("datalake.log"), "--rate", "2000")) {
            datalake.awaitOutput("stored [ 0-9.,]+/s \\(([1-9][0-9,]*)\\)", Duration.ofSeconds(90));
            datalake.signalGroup(signal);
            assertThat(datalake.waitFor(BOUNDED_STOP))
                    .as("exits within %s of SIG%s", BOUNDED_STOP, signal)
                    .isTrue();

            String output = datalake.output();
            Matcher stopped = STOPPED.matcher(output);
            assertThat(stopped.find()).as(output).isTrue();
            long accepted = Long.parseLong(stopped.group(1));
            assertThat(accepted).isPositive();
            assertThat(Long.parseLong(stopped.group(2)))
                    .as("written to the stream")
                    .isEqualTo(accepted);
            assertThat(Long.parseLong(stopped.group(3))).as("stored").isGreaterThanOrEqualTo(accepted);
            assertThat(datalake.leftBehind()).as("processes left behind").isEmpty();
        }
    }
}
