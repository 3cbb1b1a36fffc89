package dev.tradelake.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --work-dir}: the local datalake's directory, for every command that reads or runs it. */
final class WorkDirOption {

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "The local datalake's directory: emulator data, logs, dead letters and the lake, kept from"
                    + " run to run (default: .local in the repository).")
    Path workDir;

    /** The directory given, else the default one. */
    Path directory() {
        return workDir != null ? workDir : LocalRunState.defaultDirectory();
    }
}
