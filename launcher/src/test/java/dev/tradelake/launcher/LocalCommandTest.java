package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line and a non-zero exit, never a stack trace, and starts nothing. */
class LocalCommandTest {

    @Test
    void negatedSwitchesTurnTheirStageOff() {
        LocalCommand on = new LocalCommand();
        new picocli.CommandLine(on).parseArgs();
        assertThat(on.flink).isTrue();
        assertThat(on.dashboard).isTrue();

        LocalCommand off = new LocalCommand();
        new picocli.CommandLine(off).parseArgs("--no-flink", "--no-dashboard");
        assertThat(off.flink).isFalse();
        assertThat(off.dashboard).isFalse();
    }

    @Test
    void missingRecordingIsNamed(@TempDir Path work) {
        ExportedRun run = ExportedRun.local(
                work, "--replay", work.resolve("nope.jsonl.gz").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors)
                .contains("cannot read the recording")
                .contains("nope.jsonl.gz")
                .doesNotContain("Exception");
    }

    @Test
    void recordingThatIsNotFinnhubFramesIsRefusedBeforeAnythingStarts(@TempDir Path work) throws Exception {
        Path notFrames = java.nio.file.Files.writeString(work.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        ExportedRun run = ExportedRun.local(work, "--replay", notFrames.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("holds no trade frame").doesNotContain("Exception");
        assertThat(work.resolve("run")).doesNotExist();
    }

    @Test
    void brokenGzipIsRefusedBeforeAnythingStarts(@TempDir Path work) throws Exception {
        Path broken =
                java.nio.file.Files.write(work.resolve("broken.jsonl.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 'x', 'y'});
        ExportedRun run = ExportedRun.local(work, "--replay", broken.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("cannot read the recording").doesNotContain("\tat ");
        assertThat(work.resolve("run")).doesNotExist();
    }

    @Test
    void badSpeedIsNamed(@TempDir Path work) {
        ExportedRun run = ExportedRun.local(work, "--speed", "fast");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("--speed").doesNotContain("Exception");
    }

    @Test
    void badWindowIsNamed(@TempDir Path work) {
        ExportedRun run = ExportedRun.local(work, "--windows", "1y");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("--windows").doesNotContain("Exception");
    }

    @Test
    void unknownFlagIsRefusedWithUsage(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "local", "--colour");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("Unknown option: '--colour'");
    }

    @Test
    void exportNeedsUntilDrained(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "local", "--export", work.toString(), "--work-dir", work.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("--export needs --until-drained");
    }

    @Test
    void queryWithoutALocalRunSaysWhatToDo(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "query", "trades", "SPY", "--work-dir", work.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("run ./datalake local first");
    }

    @Test
    void badTimeIsNamed(@TempDir Path work) {
        ExportedRun run = ExportedRun.run(work, "query", "bars", "SPY", "--from", "yesterday");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("'yesterday' is neither epoch milliseconds nor ISO 8601");
    }
}
