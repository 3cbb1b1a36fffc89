package dev.tradelake.launcher;

import picocli.CommandLine.Option;

/** The AWS region and trades table of a deployed stack, for the commands that can work on it. */
final class StackOnAws {

    /** The trades table Terraform creates, when {@code --trades-table} names none. */
    static final String TRADES_TABLE = "tradelake-trades";

    @Option(
            names = "--region",
            description = "The stack's AWS region (default: the SDK's chain). query and dashboard read the tables on"
                    + " AWS when it is given, the local ones otherwise.")
    String region;

    @Option(
            names = "--trades-table",
            description = "The trades table (default: local '" + LocalRunState.TRADES_TABLE + "', on AWS '"
                    + TRADES_TABLE + "').")
    String tradesTable;

    /** The trades table on AWS. */
    String tradesTableOnAws() {
        return tradesTable != null ? tradesTable : TRADES_TABLE;
    }
}
