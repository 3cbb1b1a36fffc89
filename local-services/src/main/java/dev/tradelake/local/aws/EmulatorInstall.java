package dev.tradelake.local.aws;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the emulators from the npm registry, exactly as pinned by the committed
 * {@code package-lock.json} ({@code npm ci}), the first time they are needed.
 */
public final class EmulatorInstall {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorInstall.class);
    private static final List<String> PACKAGES = List.of("kinesalite", "dynalite", "lightweight-charts");
    private static final long INSTALL_TIMEOUT_MINUTES = 10;

    private EmulatorInstall() {}

    public static Path nodeProject() {
        return ProjectHome.get().resolve("local-services/node");
    }

    /** Makes sure the emulators are installed; returns the npm project directory. */
    public static Path ensureInstalled() {
        Path project = nodeProject();
        if (isInstalled(project)) {
            return project;
        }
        // Several test JVMs (or a test and ./datalake) may get here at once: one installs, the others wait.
        try (FileChannel channel = FileChannel.open(
                project.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                if (!isInstalled(project)) {
                    runNpmCi(project);
                }
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot install the local emulators in " + project + ": " + e.getMessage(), e);
        }
        return project;
    }

    private static boolean isInstalled(Path project) {
        return PACKAGES.stream()
                .allMatch(p ->
                        Files.exists(project.resolve("node_modules").resolve(p).resolve("package.json")));
    }

    private static void runNpmCi(Path project) throws IOException {
        LOG.info("Installing the local Kinesis and DynamoDB emulators (npm ci in {})", project);
        Path log = project.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm ci did not finish in " + INSTALL_TIMEOUT_MINUTES + " minutes, see " + log);
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing", e);
        }
        if (npm.exitValue() != 0 || !isInstalled(project)) {
            throw new IOException("npm ci failed (exit " + npm.exitValue() + "): "
                    + Files.readString(log).strip());
        }
    }
}
