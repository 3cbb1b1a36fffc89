package dev.tradelake.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the child JVMs some stages measure (fresh JVMs for start-up and memory), their output kept in a log file. */
final class ChildJvm {

    private ChildJvm() {}

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's own options (as {@code ./datalake} set them: add-opens, tradelake.home). */
    static List<String> inheritedOptions() {
        return new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** Where this module's classes are (a directory when run by {@code ./datalake}). */
    static Path classesOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code command}; what it prints (stdout and stderr) goes to {@code log}, for people: what
     * a stage measures comes from files the child writes. The environment is this one's without
     * FINNHUB_API_KEY (benchmarks use the local feed) and with {@code env} added.
     */
    static Process start(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("FINNHUB_API_KEY");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("AWS_SESSION_TOKEN");
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            return builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Asks the process to stop (SIGTERM: shutdown hooks run), then forces it after {@code graceSeconds}. */
    static int stop(Process process, int graceSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(graceSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }
}
