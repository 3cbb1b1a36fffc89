package dev.tradelake.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The work directory of {@code ./datalake local}, a lake that outlives each run: the emulators'
 * data, the logs and the dead letters stay from one run to the next.
 *
 * <p>The project recognises what it made by a marker file, {@value #MARKER}, in the work
 * directory and in {@code data/}. It never deletes anything else: a {@code data/} folder
 * without the marker is refused, and {@code --fresh} deletes only the project's own entries
 * ({@link #PROJECT_ENTRIES}) of a marked directory. One run at a time: the run holds an OS file
 * lock on {@value #LOCK} (released by the OS however the run ends, {@code kill -9} included).
 */
final class LocalWorkDir implements AutoCloseable {

    static final String MARKER = ".tradelake";
    static final String LOCK = "lock";
    /** What a local run writes into its work directory, and all that {@code --fresh} may delete. */
    static final List<String> PROJECT_ENTRIES = List.of(
            "data",
            "logs",
            "journal",
            DeadLetterFiles.DEAD_LETTERS,
            DeadLetterFiles.ON_FAILURE,
            "run.json",
            "stored-up-to",
            "lake",
            LocalFlinkState.DIRECTORY);

    private static final String MARKER_TEXT = "Made by tradelake's ./datalake local. Everything else in this"
            + " directory is yours: the project deletes only " + PROJECT_ENTRIES + ", with --fresh.\n";

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private LocalWorkDir(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Takes the work directory for one run: refuses (one line, {@link Datalake.UserError}) when
     * another run holds it or when its {@code data/} is not the project's; stops emulators a
     * crashed run left behind; with {@code fresh}, deletes the project's entries first.
     */
    static LocalWorkDir open(Path dir, boolean fresh, PrintWriter out) {
        try {
            Files.createDirectories(dir);
            FileChannel channel =
                    FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new Datalake.UserError("another ./datalake local is using " + dir
                        + LocalRunState.running(dir)
                                .map(s -> " (pid " + s.pid() + ")")
                                .orElse("")
                        + "; stop it, or choose another --work-dir");
            }
            LocalWorkDir work = new LocalWorkDir(dir, channel, lock);
            try {
                work.refuseForeignData();
                work.stopOrphanedEmulators(out);
                if (fresh) {
                    work.deleteProjectEntries(out);
                }
                work.mark();
            } catch (RuntimeException | IOException e) {
                work.close();
                throw e;
            }
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    Path data() {
        return LocalRunState.dataDirectory(dir);
    }

    private boolean isMarked(Path p) {
        return Files.isRegularFile(p.resolve(MARKER));
    }

    private void refuseForeignData() throws IOException {
        Path data = data();
        if (Files.isDirectory(data) && !isMarked(data) && !isEmpty(data)) {
            throw new Datalake.UserError(data + " was not made by tradelake (it has no " + MARKER
                    + " marker); nothing was deleted: move it away or choose another --work-dir");
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new Datalake.UserError(data + " is a file, not the project's data directory; nothing was deleted:"
                    + " choose another --work-dir");
        }
    }

    /** The emulators of a run that died without stopping them (their pids are in its run.json). */
    private void stopOrphanedEmulators(PrintWriter out) {
        for (long pid : LocalRunState.recordedEmulatorPids(dir)) {
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains("emulator.js"))
                    .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                    .ifPresent(p -> {
                        out.println("datalake: stopping an emulator an earlier run left behind (pid " + pid + ")");
                        out.flush();
                        p.destroy();
                        try {
                            p.onExit().get(5, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
        }
    }

    private void deleteProjectEntries(PrintWriter out) throws IOException {
        if (!isMarked(dir)) {
            if (PROJECT_ENTRIES.stream().anyMatch(e -> Files.exists(dir.resolve(e)))) {
                out.println(
                        "datalake: --fresh: " + dir + " has no " + MARKER + " marker, so nothing in it was deleted");
            }
            return;
        }
        List<String> deleted = new ArrayList<>();
        for (String entry : PROJECT_ENTRIES) {
            Path p = dir.resolve(entry);
            if (entry.equals("data") && Files.isDirectory(p) && !isMarked(p)) {
                continue; // refuseForeignData let an empty one through: not ours, leave it
            }
            if (Files.exists(p)) {
                deleteRecursively(p);
                deleted.add(entry);
            }
        }
        out.println("datalake: --fresh: deleted " + (deleted.isEmpty() ? "nothing (no earlier run)" : deleted) + " in "
                + dir);
        out.flush();
    }

    private void mark() throws IOException {
        if (!isMarked(dir)) {
            Files.writeString(dir.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
        }
        Files.createDirectories(data());
        if (!isMarked(data())) {
            Files.writeString(data().resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> paths = Files.walk(p)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Releases the lock; the data stays. */
    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // the OS releases the lock with the process anyway
        }
    }
}
