package dev.tradelake.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradelake.local.aws.ProjectHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a running {@code ./datalake local} can be found, so that {@code ./datalake query} in another
 * terminal reaches its tables; and where its data stays after it stops.
 */
public record LocalRunState(
        long pid,
        URI kinesisEndpoint,
        URI dynamoDbEndpoint,
        String stream,
        String tradesTable,
        String barsTable,
        List<Long> emulatorPids) {

    static final String STREAM = "trades";
    public static final String TRADES_TABLE = "trades";
    public static final String BARS_TABLE = "bars";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code .local/} in the repository: emulator data and logs of the last local run. */
    static Path defaultDirectory() {
        return ProjectHome.get().resolve(".local");
    }

    static Path dataDirectory(Path workDir) {
        return workDir.resolve("data");
    }

    /** The ingest's journal: accepted trades not yet acknowledged by Kinesis, kept across runs. */
    static Path journalDirectory(Path workDir) {
        return workDir.resolve("journal");
    }

    static Path logDirectory(Path workDir) {
        return workDir.resolve("logs");
    }

    private static Path file(Path workDir) {
        return workDir.resolve("run.json");
    }

    void save(Path workDir) {
        ObjectNode node = JSON.createObjectNode()
                .put("pid", pid)
                .put("kinesis_endpoint", kinesisEndpoint.toString())
                .put("dynamodb_endpoint", dynamoDbEndpoint.toString())
                .put("stream", stream)
                .put("trades_table", tradesTable)
                .put("bars_table", barsTable);
        emulatorPids.forEach(node.putArray("emulator_pids")::add);
        try {
            Files.createDirectories(workDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file(workDir).toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void clear(Path workDir) {
        try {
            Files.deleteIfExists(file(workDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of a local run whose process is still alive. */
    public static Optional<LocalRunState> running(Path workDir) {
        if (!Files.exists(file(workDir))) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file(workDir).toFile());
            LocalRunState state = new LocalRunState(
                    node.path("pid").asLong(),
                    URI.create(node.path("kinesis_endpoint").asText()),
                    URI.create(node.path("dynamodb_endpoint").asText()),
                    node.path("stream").asText(),
                    node.path("trades_table").asText(),
                    node.path("bars_table").asText(),
                    pids(node));
            return ProcessHandle.of(state.pid).filter(ProcessHandle::isAlive).map(p -> state);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The emulator pids a run wrote down, whether or not that run is still alive. */
    static List<Long> recordedEmulatorPids(Path workDir) {
        if (!Files.exists(file(workDir))) {
            return List.of();
        }
        try {
            return pids(JSON.readTree(file(workDir).toFile()));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Long> pids(JsonNode node) {
        List<Long> pids = new ArrayList<>();
        node.path("emulator_pids").forEach(p -> pids.add(p.asLong()));
        return pids;
    }

    private static Path storedUpToFile(Path workDir) {
        return workDir.resolve("stored-up-to");
    }

    /**
     * When a clean stop found every record of the stream stored: the next run's event-source
     * mapping starts there rather than at the stream's oldest record.
     */
    static Optional<java.time.Instant> storedUpTo(Path workDir) {
        try {
            return Optional.of(java.time.Instant.parse(
                    Files.readString(storedUpToFile(workDir)).strip()));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static void saveStoredUpTo(Path workDir, java.time.Instant at) {
        try {
            Files.writeString(storedUpToFile(workDir), at.toString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
