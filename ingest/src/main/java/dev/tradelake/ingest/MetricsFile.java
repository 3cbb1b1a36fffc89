package dev.tradelake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest's counters for programs ({@code --metrics-file}): one JSON object, every field of
 * {@link IngestMetrics.Snapshot} in snake case plus {@code at_ms} (when it was taken), replaced
 * whole (a reader never sees half a file). The progress line is for people; this is what a script
 * or a benchmark reads, with {@link #read}.
 */
public final class MetricsFile {

    /** The counters, and the epoch millisecond they were taken at. */
    public record Reading(long atMs, IngestMetrics.Snapshot metrics) {}

    private static final JsonFactory JSON = new JsonFactory();
    private static final RecordComponent[] FIELDS = IngestMetrics.Snapshot.class.getRecordComponents();
    private static final String AT_MS = "at_ms";

    private MetricsFile() {}

    /** Writes the reading to {@code file}, replacing what was there in one step. */
    static void write(Path file, Reading reading) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(temporary, json(reading), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last reading written to {@code file}; empty while the ingest has written none. */
    public static Optional<Reading> read(Path file) throws IOException {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static String json(Reading reading) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField(AT_MS, reading.atMs());
            for (RecordComponent field : FIELDS) {
                g.writeFieldName(snakeCase(field.getName()));
                writeValue(g, value(field, reading.metrics()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    static Reading parse(String json) throws IOException {
        Map<String, Object> values = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                values.put(name, readValue(p, p.nextToken()));
            }
        }
        Object[] arguments = new Object[FIELDS.length];
        Class<?>[] types = new Class<?>[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            types[i] = FIELDS[i].getType();
            arguments[i] = as(types[i], values.get(snakeCase(FIELDS[i].getName())), FIELDS[i].getName());
        }
        try {
            IngestMetrics.Snapshot snapshot =
                    IngestMetrics.Snapshot.class.getDeclaredConstructor(types).newInstance(arguments);
            return new Reading((Long) as(long.class, values.get(AT_MS), AT_MS), snapshot);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the snapshot's canonical constructor", e);
        }
    }

    /** {@code putLatencyP50Ms} is {@code put_latency_p50_ms}. */
    static String snakeCase(String camelCase) {
        StringBuilder s = new StringBuilder(camelCase.length() + 8);
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                s.append('_').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static Object value(RecordComponent field, IngestMetrics.Snapshot snapshot) {
        try {
            return field.getAccessor().invoke(snapshot);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalStateException("no JSON form for " + v.getClass());
        }
    }

    private static Object readValue(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                yield map;
            }
            default -> throw new IOException("unexpected " + token + " in a metrics file");
        };
    }

    private static Object as(Class<?> type, Object value, String name) throws IOException {
        if (type == long.class) {
            if (!(value instanceof Number n)) {
                throw new IOException("no number " + name + " in the metrics file");
            }
            return n.longValue();
        }
        if (type == double.class) {
            if (!(value instanceof Number n)) {
                throw new IOException("no number " + name + " in the metrics file");
            }
            return n.doubleValue();
        }
        if (type == String.class) {
            return value == null ? null : value.toString();
        }
        if (type == Map.class) {
            Map<String, Long> map = new LinkedHashMap<>();
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> map.put(k.toString(), ((Number) v).longValue()));
            }
            return map;
        }
        throw new IllegalStateException("no JSON form for " + type);
    }
}
