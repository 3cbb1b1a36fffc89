package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work directory: nothing the project did not make is deleted, and one run at a time. */
class LocalWorkDirTest {

    private final StringWriter said = new StringWriter();
    private final PrintWriter out = new PrintWriter(said, true);

    @Test
    void aDataFolderTheProjectDidNotMakeIsRefusedAndKept(@TempDir Path work) throws Exception {
        Path mine = Files.createDirectories(work.resolve("data")).resolve("thesis.tex");
        Files.writeString(mine, "years of work");

        ExportedRun run = ExportedRun.run(
                work.resolve("export"),
                "local",
                "--count",
                "10",
                "--until-drained",
                "--work-dir",
                work.toString(),
                "--fresh");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors.strip())
                .doesNotContain("\n")
                .contains("was not made by tradelake")
                .contains("nothing was deleted");
        assertThat(mine).hasContent("years of work");
    }

    @Test
    void aSecondRunOnAWorkDirInUseIsRefusedInOneLine(@TempDir Path work) {
        try (LocalWorkDir first = LocalWorkDir.open(work, false, out)) {
            ExportedRun run = ExportedRun.run(
                    work.resolve("export"), "local", "--count", "10", "--until-drained", "--work-dir", work.toString());

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.errors.strip()).doesNotContain("\n").contains("another ./datalake local is using " + work);
            assertThatThrownBy(() -> LocalWorkDir.open(work, false, out)).isInstanceOf(Datalake.UserError.class);
        }
        LocalWorkDir.open(work, false, out).close(); // free again once the first run ends
    }

    @Test
    void freshDeletesOnlyWhatTheProjectMade(@TempDir Path work) throws Exception {
        LocalWorkDir.open(work, false, out).close();
        Files.writeString(work.resolve("data").resolve("kinesis-file"), "x");
        Files.createDirectories(work.resolve("logs"));
        Files.writeString(work.resolve("dead-letters.jsonl"), "{}\n");
        Path mine = Files.writeString(work.resolve("notes.txt"), "mine");

        LocalWorkDir.open(work, true, out).close();

        assertThat(work.resolve("data").resolve("kinesis-file")).doesNotExist();
        assertThat(work.resolve("data").resolve(LocalWorkDir.MARKER)).exists();
        assertThat(work.resolve("logs")).doesNotExist();
        assertThat(work.resolve("dead-letters.jsonl")).doesNotExist();
        assertThat(mine).hasContent("mine");
    }

    @Test
    void freshInADirectoryWithoutTheMarkerDeletesNothing(@TempDir Path work) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs")).resolve("mine.log");
        Files.writeString(logs, "mine");

        LocalWorkDir.open(work, true, out).close();

        assertThat(logs).hasContent("mine");
        assertThat(said.toString()).contains("nothing in it was deleted");
    }
}
