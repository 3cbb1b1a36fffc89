package dev.tradelake.launcher;

import dev.tradelake.launcher.dashboard.DashboardServer;
import dev.tradelake.launcher.dashboard.DynamoLake;
import dev.tradelake.launcher.dashboard.Health;
import dev.tradelake.launcher.dashboard.Lake;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./datalake dashboard}: the web page and JSON API over the local tables or those on AWS. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Serves a web page with live candles, VWAP and volume, the lake's history and the pipeline's"
                + " health, and its JSON API, over the local tables (those of a running ./datalake local, or the data"
                + " the last one left) or, with --region, the tables on AWS. Ctrl-C stops it.")
final class DashboardCommand implements Callable<Integer> {

    @Mixin
    AwsTarget target;

    @Option(
            names = "--port",
            defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "The port to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = DashboardServer.DEFAULT_BIND,
            paramLabel = "ADDRESS",
            description =
                    "The address to listen on; 0.0.0.0 opens the dashboard to the network (default: ${DEFAULT-VALUE}).")
    String bind;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = address(bind, port);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AwsTarget.Connection aws = target.connect();
        try {
            Lake lake = new DynamoLake(aws.dynamoDb(), aws.tradesTable(), aws.barsTable(), List::of);
            Health.Source health = new LakeHealth(lake, target.localDeadLetters());
            try (DashboardServer server = serve(address, lake, health)) {
                // Ctrl-C: the JVM waits for this hook, and the hook for the server and the emulator to stop.
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    stopped.countDown();
                                    awaitQuietly(closed);
                                },
                                "dashboard-shutdown"));
                out.println("datalake: dashboard at " + server.uri() + " (Ctrl-C stops it)");
                out.flush();
                stopped.await();
            }
        } finally {
            aws.close();
            closed.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checked before anything starts: a port out of range or a name that does not resolve. */
    private static InetSocketAddress address(String bind, int port) {
        if (port < 0 || port > 65_535) {
            throw new Datalake.UserError("--port must be from 0 to 65535");
        }
        InetSocketAddress address = new InetSocketAddress(bind, port);
        if (address.isUnresolved()) {
            throw new Datalake.UserError("--bind: '" + bind + "' is not an address of this machine");
        }
        return address;
    }

    /** Starts the dashboard; a port that is taken or an address not of this machine is a user error. */
    private static DashboardServer serve(InetSocketAddress address, Lake lake, Health.Source health) {
        try {
            return DashboardServer.start(address, lake, health);
        } catch (UncheckedIOException e) {
            throw new Datalake.UserError(e.getMessage() + " (choose another with --port)", e);
        }
    }
}
