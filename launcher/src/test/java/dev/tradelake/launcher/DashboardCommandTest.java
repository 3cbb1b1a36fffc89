package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./datalake dashboard} refuses bad input in one line, exit code 2, before it starts anything. */
class DashboardCommandTest {

    @Test
    void portOutOfRange(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "dashboard", "--work-dir", work.toString(), "--port", "70000");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors.strip()).isEqualTo("datalake: --port must be from 0 to 65535");
    }

    @Test
    void bindAddressThatDoesNotResolve(@TempDir Path work) {
        ExportedRun run =
                ExportedRun.run(work, "dashboard", "--work-dir", work.toString(), "--bind", "no-such-host.invalid");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors)
                .contains("--bind: 'no-such-host.invalid' is not an address of this machine")
                .doesNotContain("\tat ");
    }

    @Test
    void noLocalDatalakeToShow(@TempDir Path work) throws Exception {
        ExportedRun run = ExportedRun.run(work, "dashboard", "--work-dir", work.toString(), "--port", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("there is no local datalake").doesNotContain("\tat ");
    }

    @Test
    void localRefusesABadDashboardPort(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "local", "--work-dir", work.toString(), "--dashboard-port", "-1");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("--dashboard-port must be from 0 to 65535");
        assertThat(work.resolve("data")).doesNotExist();
    }
}
