package dev.tradelake.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a local run keeps the Flink job's state in its work directory ({@code flink/}): its
 * checkpoints, and the savepoint of the last clean stop. The next run resumes from the newer of
 * that savepoint and the last checkpoint of a run that was killed since, so that the lake and the
 * duplicate filter carry on instead of starting over from the stream.
 */
final class LocalFlinkState {

    static final String DIRECTORY = "flink";
    private static final String LATEST = "latest-savepoint";
    private static final String METADATA = "_metadata";

    private LocalFlinkState() {}

    static Path checkpoints(Path workDir) {
        return workDir.resolve(DIRECTORY).resolve("checkpoints");
    }

    static Path savepoints(Path workDir) {
        return workDir.resolve(DIRECTORY).resolve("savepoints");
    }

    /**
     * Where the next run resumes: the last clean stop's savepoint, or the newest completed checkpoint
     * when a run was killed after it (a checkpoint is complete once its {@code _metadata} is written).
     */
    static Optional<String> resumePoint(Path workDir) {
        Optional<String> savepoint = latest(workDir);
        Optional<Path> checkpoint = newestCheckpoint(workDir);
        if (checkpoint.isPresent()
                && (savepoint.isEmpty()
                        || modified(checkpoint.get())
                                > modified(asPath(savepoint.get()).resolve(METADATA)))) {
            return Optional.of(checkpoint.get().getParent().toUri().toString());
        }
        return savepoint;
    }

    private static Optional<Path> newestCheckpoint(Path workDir) {
        Path root = checkpoints(workDir);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        // <checkpoints>/<job id>/chk-<n>/_metadata
        try (Stream<Path> files = Files.find(
                root,
                3,
                (p, attributes) -> p.getFileName().toString().equals(METADATA) && attributes.isRegularFile())) {
            return files.max(Comparator.comparingLong(LocalFlinkState::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The savepoint the last clean stop took, if it is still there. */
    static Optional<String> latest(Path workDir) {
        Path file = workDir.resolve(DIRECTORY).resolve(LATEST);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String savepoint = Files.readString(file, StandardCharsets.UTF_8).strip();
            return Files.isDirectory(asPath(savepoint)) ? Optional.of(savepoint) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records {@code savepoint} as the one to resume from, and drops the older savepoints and the
     * checkpoints of killed runs it supersedes.
     */
    static void remember(Path workDir, String savepoint) throws IOException {
        Path dir = workDir.resolve(DIRECTORY);
        Path tmp = dir.resolve(LATEST + ".tmp");
        Files.writeString(tmp, savepoint + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path keep = asPath(savepoint).toAbsolutePath().normalize();
        List<Path> older;
        try (Stream<Path> entries = Files.list(savepoints(workDir))) {
            older = entries.filter(p -> !p.toAbsolutePath().normalize().equals(keep))
                    .toList();
        }
        if (Files.isDirectory(checkpoints(workDir))) {
            try (Stream<Path> jobs = Files.list(checkpoints(workDir))) {
                older = new ArrayList<>(older);
                older.addAll(jobs.toList());
            }
        }
        for (Path p : older) {
            deleteTree(p);
        }
    }

    private static Path asPath(String savepoint) {
        return savepoint.startsWith("file:") ? Path.of(URI.create(savepoint)) : Path.of(savepoint);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
