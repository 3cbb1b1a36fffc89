package dev.tradelake.local.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository root, which holds the emulators' npm project and is beside {@code ../shared}.
 * {@code ./datalake} and the Maven build pass it as {@code -Dtradelake.home}; from an IDE the
 * working directory is searched upwards instead.
 */
public final class ProjectHome {

    public static final String PROPERTY = "tradelake.home";
    private static final String MARKER = "local-services/node/package.json";

    private ProjectHome() {}

    public static Path get() {
        return find().orElseThrow(
                        () -> new IllegalStateException("cannot find the tradelake repository root (a directory with "
                                + MARKER + "); run from inside the repository or pass -D" + PROPERTY + "=DIR"));
    }

    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (Files.exists(home.resolve(MARKER))) {
                return Optional.of(home);
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(MARKER))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
