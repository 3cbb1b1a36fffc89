package dev.tradelake.launcher.testing;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import dev.tradelake.local.aws.ProjectHome;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Reads a Terraform file with hcl4j, without the pages it prints. */
public final class TerraformFiles {

    private TerraformFiles() {}

    /**
     * hcl4j prints every expression it evaluates to stdout (println, not a logger) and logs what it cannot
     * evaluate (quiet through src/test/resources/simplelogger.properties); the test output stays readable.
     */
    public static Map<String, Object> parse(Path file) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return new HCLParser().parse(file.toFile(), "UTF-8");
        } finally {
            System.setOut(out);
        }
    }

    /** The default of {@code variable} in the project's {@code terraform/variables.tf}. */
    @SuppressWarnings("unchecked")
    public static Object variableDefault(String variable) throws Exception {
        Map<String, Object> variables = (Map<String, Object>)
                parse(ProjectHome.get().resolve("terraform").resolve("variables.tf"))
                        .get("variable");
        Map<String, Object> declared = (Map<String, Object>) variables.get(variable);
        if (declared == null) {
            throw new IllegalArgumentException("terraform/variables.tf declares no variable " + variable);
        }
        return declared.get("default");
    }
}
