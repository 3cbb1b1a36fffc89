package dev.tradelake.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./datalake}: the whole pipeline on one machine, queries, and benchmarks. */
@Command(
        name = "datalake",
        mixinStandardHelpOptions = true,
        versionProvider = Datalake.Version.class,
        description = "A real-time stock-trade datalake: Finnhub -> Kinesis -> Lambda/DynamoDB and Flink bars.",
        footer = "%nBenchmarks of every stage: ./datalake bench --help",
        subcommands = {
            LocalCommand.class,
            QueryCommand.class,
            FeedCommand.class,
            DashboardCommand.class,
            RedriveCommand.class,
            SqlCommand.class,
            CompactCommand.class
        })
public final class Datalake implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /** Runs {@code cli} (this command line, or one with more subcommands, as {@code ./datalake bench}'s). */
    public static int execute(CommandLine cli, String[] args) {
        // The Kinesis connector's shaded SDK v1 warns through java.util.logging that JAXB is absent; it works without.
        java.util.logging.Logger.getLogger("org.apache.flink.kinesis.shaded.com.amazonaws")
                .setLevel(java.util.logging.Level.SEVERE);
        return cli.execute(args);
    }

    /** The configured command line: bad input gets a message and exit code 2, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Datalake());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                commandLine.getErr().println(commandLine.getColorScheme().errorText("datalake: " + e.getMessage()));
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version the build wrote ({@link Artifacts#VERSION}), not one typed here. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tradelake " + Artifacts.VERSION};
        }
    }

    /** A problem with the user's input or environment: reported as one line, not a stack trace. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
