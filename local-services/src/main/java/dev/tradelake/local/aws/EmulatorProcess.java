package dev.tradelake.local.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One emulator running as a Node process on 127.0.0.1, on a port it chose itself (so two runs
 * never race for a port). Its output is kept in a log file. The process ends when this JVM
 * ends, even on a crash: the emulator exits when its stdin, a pipe from this JVM, closes.
 */
public final class EmulatorProcess implements AutoCloseable {

    /** The services the Node launcher {@code local-services/node/emulator.js} can start. */
    public enum Kind {
        KINESIS("kinesis"),
        DYNAMODB("dynamodb");

        final String arg;

        Kind(String arg) {
            this.arg = arg;
        }
    }

    private static final long READY_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final Kind kind;
    private final Process process;
    private final int port;
    private final int frontPort;
    private final Path log;

    private EmulatorProcess(Kind kind, Process process, int[] ports, Path log) {
        this.kind = kind;
        this.process = process;
        this.port = ports[0];
        this.frontPort = ports.length > 1 ? ports[1] : ports[0];
        this.log = log;
    }

    /**
     * Starts the emulator and waits until it listens.
     *
     * @param dataDir where to keep the data across restarts, or null to keep it in memory
     */
    public static EmulatorProcess start(Kind kind, Path logDir, Path dataDir) throws IOException {
        Path project = EmulatorInstall.ensureInstalled();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(kind.arg + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "emulator.js", kind.arg, "0")
                .directory(project.toFile())
                .redirectErrorStream(true);
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            builder.command().add(dataDir.toAbsolutePath().toString());
        }
        Process process = builder.start();
        CompletableFuture<int[]> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpOutput(process, log, ready), kind.arg + "-emulator-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new EmulatorProcess(kind, process, ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS), log);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(
                    kind.arg + " emulator did not start in " + READY_TIMEOUT_SECONDS + " s; see " + log, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the " + kind.arg + " emulator", e);
        }
    }

    /** Copies the emulator's output to its log and completes {@code ready} on "READY port [front port]". */
    private static void pumpOutput(Process process, Path log, CompletableFuture<int[]> ready) {
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(Arrays.stream(
                                    line.substring("READY ".length()).trim().split(" +"))
                            .mapToInt(Integer::parseInt)
                            .toArray());
                }
            }
        } catch (IOException | NumberFormatException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("emulator exited before it was ready"));
    }

    public Kind kind() {
        return kind;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * The endpoint of the emulator's front: for Kinesis, {@code local-services/node/kinesis-front.js}
     * (stream ARNs, enhanced fan-out) in front of kinesalite; for DynamoDB the emulator itself.
     */
    public URI frontEndpoint() {
        return URI.create("http://127.0.0.1:" + frontPort);
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The Node process's id, for finding an emulator a crashed run left behind. */
    public long pid() {
        return process.pid();
    }

    /**
     * Stops the emulator: closing its stdin is the normal way (it outlives SIGINT and SIGTERM for
     * a while, see emulator.js), then SIGTERM, then SIGKILL; bounded in time either way.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // fall through to the signals
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
