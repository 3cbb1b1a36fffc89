package dev.tradelake.lambda.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a probe run in a child JVM reports to the benchmark that started it: named whole numbers in
 * a properties file whose path the benchmark gives, never a line of the child's output. The probes
 * run beside the deployable Lambda jar, so the format needs nothing beyond the JDK.
 */
public final class ProbeReport {

    /** The epoch millisecond the probe wrote its report, which {@link #write} adds. */
    public static final String REPORTED_AT_MS = "reported_at_ms";

    private ProbeReport() {}

    public static void write(Path file, Map<String, Long> values) {
        Properties properties = new Properties();
        values.forEach((k, v) -> properties.setProperty(k, Long.toString(v)));
        properties.setProperty(REPORTED_AT_MS, Long.toString(System.currentTimeMillis()));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe report " + file, e);
        }
    }

    /**
     * The values of the report at {@code file}.
     *
     * @throws IllegalStateException when the probe wrote none ({@code whereToLook} says where its output is)
     */
    public static Map<String, Long> read(Path file, String whereToLook) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the probe wrote no report; see " + whereToLook);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the probe report " + file, e);
        }
        Map<String, Long> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, Long.parseLong(properties.getProperty(k))));
        return values;
    }
}
