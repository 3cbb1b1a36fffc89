package dev.tradelake.flink.testing;

import dev.tradelake.flink.BarSettings;
import dev.tradelake.flink.BarsJobOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** Bar settings as the job reads them ({@link BarsJobOptions}), one setting changed from the defaults. */
public final class TestBarSettings {
    private TestBarSettings() {}

    public static BarSettings windows(List<Long> windowsMs) {
        return BarSettings.from(new Configuration()
                .set(
                        BarsJobOptions.BARS_WINDOWS,
                        windowsMs.stream().map(Duration::ofMillis).toList()));
    }

    public static BarSettings allowedLateness(long ms) {
        return BarSettings.from(new Configuration().set(BarsJobOptions.BARS_ALLOWED_LATENESS, Duration.ofMillis(ms)));
    }
}
