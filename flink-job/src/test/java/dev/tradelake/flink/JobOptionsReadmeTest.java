package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

/** The README's table of the job's settings is the one {@link BarsJobOptions} renders: never out of date. */
class JobOptionsReadmeTest {
    private static final String BEGIN = "<!-- job settings: generated from BarsJobOptions by JobOptionsReadmeTest -->";
    private static final String END = "<!-- end of job settings -->";

    @Test
    void theReadmeTableIsTheOneTheOptionsDescribe() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the markers %s ... %s", BEGIN, END).isNotNegative();
        assertThat(end).isGreaterThan(begin);

        assertThat(readme.substring(begin + BEGIN.length(), end).strip())
                .as("README.md's table of job settings; paste the expected text between the markers")
                .isEqualTo(table());
    }

    static String table() {
        String rows = BarsJobOptions.all().values().stream()
                .map(o -> "| `" + o.key() + "` | " + defaultText(o) + " | "
                        + new HtmlFormatter().format(o.description()).replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
        return "| key | default | what it sets |\n|---|---|---|\n" + rows;
    }

    private static String defaultText(ConfigOption<?> option) {
        return option.hasDefaultValue() ? "`" + BarsJobOptions.text(option.defaultValue()) + "`" : "";
    }
}
