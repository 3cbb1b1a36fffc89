package dev.tradelake.launcher;

import picocli.CommandLine.Option;

/** {@code --limit}: how many rows a query prints at most. */
final class LimitOption {

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "1000",
            description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int rows;
}
