package dev.tradelake.launcher;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Reads a Terraform file with hcl4j, without the pages it prints. */
final class TerraformFiles {

    private TerraformFiles() {}

    /**
     * hcl4j prints every expression it evaluates to stdout (println, not a logger) and logs what it cannot
     * evaluate (quiet through src/test/resources/simplelogger.properties); the test output stays readable.
     */
    static Map<String, Object> parse(Path file) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return new HCLParser().parse(file.toFile(), "UTF-8");
        } finally {
            System.setOut(out);
        }
    }
}
