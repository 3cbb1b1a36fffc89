package dev.tradelake.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/** Local runs: dead letters appended to a JSON-lines file, one line each, readable while the run goes on. */
public final class FileDeadLetterSink implements DeadLetterSink {

    private final Path file;
    private final Clock clock;

    public FileDeadLetterSink(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void send(DeadLetter letter) throws DeadLetterException {
        String line = DeadLetterJson.write(letter, clock.instant(), Integer.MAX_VALUE) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DeadLetterException("cannot append to " + file, e);
        }
    }
}
