package dev.tradelake.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./datalake bench}: every stage's throughput next to its ceiling, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of every stage next to their ceilings.")
final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new Datalake.UserError("not yet");
    }
}
