package dev.tradelake.launcher;

import dev.tradelake.lambda.DeadLetterSink;
import dev.tradelake.lambda.FileDeadLetterSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local dead-letter queue: the handler's {@code dead-letters.jsonl} and the event source
 * mapping's {@code on-failure.jsonl} in the work directory, one message a line.
 *
 * <p>A running {@code ./datalake local} appends to these files at any time, so they are never
 * rewritten in place: {@link #take} renames each to {@code NAME.redriving} (the run's next dead
 * letter starts a new file), and {@link #finish} appends the messages kept to the live file, then
 * deletes the {@code .redriving} one. Every message is in one of the two files at every moment; a
 * redrive cut short leaves the {@code .redriving} file, which the next one reads first.
 */
final class DeadLetterFiles implements DeadLetterQueue {

    static final String DEAD_LETTERS = "dead-letters.jsonl";
    static final String ON_FAILURE = "on-failure.jsonl";
    private static final String HELD = ".redriving";

    private final List<Path> files;
    private final Map<DeadLetterEntry, Path> origin = new IdentityHashMap<>();

    DeadLetterFiles(Path workDir) {
        this.files = List.of(workDir.resolve(DEAD_LETTERS), workDir.resolve(ON_FAILURE));
    }

    /** Where the handler sends what it refuses during a redrive of on-failure ranges. */
    DeadLetterSink sink(Clock clock) {
        return new FileDeadLetterSink(files.get(0), clock);
    }

    @Override
    public List<DeadLetterEntry> peek() {
        List<DeadLetterEntry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.addAll(read(held(file)));
            entries.addAll(read(file));
        }
        return entries;
    }

    @Override
    public List<DeadLetterEntry> take() {
        List<DeadLetterEntry> entries = new ArrayList<>();
        try {
            for (Path file : files) {
                Path held = held(file);
                if (Files.exists(file)) {
                    if (Files.exists(held)) {
                        // a redrive was cut short: its messages first, then the newer ones (a crash here duplicates,
                        // never loses)
                        Files.write(held, Files.readAllBytes(file), StandardOpenOption.APPEND);
                        Files.delete(file);
                    } else {
                        Files.move(file, held, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                for (DeadLetterEntry entry : read(held)) {
                    origin.put(entry, file);
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the dead letters", e);
        }
        return entries;
    }

    @Override
    public void finish(List<DeadLetterEntry> redriven, List<DeadLetterEntry> kept) {
        try {
            for (Path file : files) {
                Path held = held(file);
                if (!Files.exists(held)) {
                    continue;
                }
                StringBuilder mine = new StringBuilder();
                for (DeadLetterEntry entry : kept) {
                    if (file.equals(origin.get(entry))) {
                        mine.append(entry.text()).append('\n');
                    }
                }
                if (mine.length() > 0) {
                    // one append: a running handler's own appends never interleave with it
                    Files.writeString(
                            file, mine, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                Files.delete(held);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot put the dead letters back; they are still in the " + HELD
                            + " files and the next redrive reads them",
                    e);
        }
    }

    private static Path held(Path file) {
        return file.resolveSibling(file.getFileName() + HELD);
    }

    private static List<DeadLetterEntry> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<DeadLetterEntry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(DeadLetterEntry.parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return entries;
    }
}
