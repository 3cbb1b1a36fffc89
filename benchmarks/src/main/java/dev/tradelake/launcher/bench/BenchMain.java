package dev.tradelake.launcher.bench;

import dev.tradelake.launcher.Datalake;
import picocli.CommandLine;

/**
 * {@code ./datalake bench}: the launcher's command line with the bench subcommand added. It lives here,
 * not in the launcher, so that the launcher's runtime classpath carries no benchmark code and no JMH.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        CommandLine cli = Datalake.commandLine();
        cli.addSubcommand(new BenchCommand());
        System.exit(Datalake.execute(cli, args));
    }
}
