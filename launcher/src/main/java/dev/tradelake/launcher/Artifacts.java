package dev.tradelake.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the build writes the deployable jars, and the project's version. The jars are named after
 * their module alone ({@code <module>/target/<module>.jar}, set in the modules' poms), so that
 * Terraform's defaults, the README's commands and this class need no version; the version comes
 * from the build (a resource Maven filters with {@code ${project.version}}).
 */
public final class Artifacts {

    /** The project's version, as Maven built it. */
    public static final String VERSION = load();

    private Artifacts() {}

    /** A module's deployable jar, relative to the project's root, e.g. {@code ingest/target/ingest.jar}. */
    public static String deployableJar(String module) {
        return module + "/target/" + module + ".jar";
    }

    private static String load() {
        try (InputStream in = Artifacts.class.getResourceAsStream("artifacts.properties")) {
            if (in == null) {
                throw new IllegalStateException("artifacts.properties is missing from the launcher's classes");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
