package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFlinkStateTest {

    @TempDir
    Path work;

    @Test
    void aFirstRunResumesFromNothing() {
        assertThat(LocalFlinkState.resumePoint(work)).isEmpty();
    }

    @Test
    void aCleanStopResumesFromItsSavepoint() throws IOException {
        Path savepoint = savepoint("savepoint-a", 1_000);

        assertThat(LocalFlinkState.resumePoint(work)).contains(savepoint.toString());
    }

    @Test
    void aRunKilledAfterTheLastCleanStopResumesFromItsLastCompletedCheckpoint() throws IOException {
        savepoint("savepoint-a", 1_000);
        checkpoint("job-1", "chk-7", 2_000);
        checkpoint("job-1", "chk-8", 3_000);
        Files.createDirectories(
                LocalFlinkState.checkpoints(work).resolve("job-1").resolve("chk-9")); // not completed

        assertThat(LocalFlinkState.resumePoint(work))
                .contains(LocalFlinkState.checkpoints(work)
                        .resolve("job-1")
                        .resolve("chk-8")
                        .toUri()
                        .toString());
    }

    @Test
    void aCheckpointOlderThanTheSavepointIsNotResumedFrom() throws IOException {
        checkpoint("job-0", "chk-3", 1_000);
        Path savepoint = savepoint("savepoint-b", 2_000);

        assertThat(LocalFlinkState.resumePoint(work)).contains(savepoint.toString());
    }

    @Test
    void aCleanStopDropsTheCheckpointsOfKilledRunsAndOlderSavepoints() throws IOException {
        Path old = savepoint("savepoint-a", 1_000);
        checkpoint("job-1", "chk-8", 2_000);
        Path fresh = savepoint("savepoint-b", 3_000);

        LocalFlinkState.remember(work, fresh.toString());

        assertThat(old).doesNotExist();
        assertThat(LocalFlinkState.checkpoints(work)).isEmptyDirectory();
        assertThat(LocalFlinkState.resumePoint(work)).contains(fresh.toString());
    }

    private Path savepoint(String name, long modifiedMs) throws IOException {
        Path dir = Files.createDirectories(LocalFlinkState.savepoints(work).resolve(name));
        touch(dir.resolve("_metadata"), modifiedMs);
        Files.createDirectories(work.resolve(LocalFlinkState.DIRECTORY));
        Files.writeString(work.resolve(LocalFlinkState.DIRECTORY).resolve("latest-savepoint"), dir + "\n");
        return dir;
    }

    private void checkpoint(String job, String chk, long modifiedMs) throws IOException {
        Path dir = Files.createDirectories(
                LocalFlinkState.checkpoints(work).resolve(job).resolve(chk));
        touch(dir.resolve("_metadata"), modifiedMs);
    }

    private static void touch(Path file, long modifiedMs) throws IOException {
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMs));
    }
}
