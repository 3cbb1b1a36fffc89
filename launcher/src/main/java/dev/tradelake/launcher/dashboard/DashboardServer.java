package dev.tradelake.launcher.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tradelake.launcher.tables.BarReader;
import dev.tradelake.local.aws.ProjectHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: the page, its chart library and the JSON API over a {@link Lake}, served by the
 * JDK's own HTTP server. Every asset comes from this process: the page works offline.
 *
 * <pre>
 * GET /                       the page
 * GET /api/symbols            ["AIG","BAC",...]
 * GET /api/windows            [{"window":"1m","available":true},...]
 * GET /api/bars?symbol=&amp;window=&amp;from=&amp;to=&amp;limit=
 * GET /api/trades?symbol=&amp;from=&amp;to=&amp;limit=
 * GET /api/health
 * GET /api/stream?symbol=&amp;window=   Server-Sent Events: bar, trades
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    /** The port {@code ./datalake dashboard} and {@code ./datalake local} serve on unless told otherwise. */
    public static final int DEFAULT_PORT = 8765;

    public static final String DEFAULT_BIND = "127.0.0.1";

    private static final String WEB = "/dev/tradelake/launcher/dashboard/web/";
    /** The chart library, from the npm project the emulators come from (pinned by its package-lock.json). */
    private static final Path CHART_LIBRARY = Path.of("local-services", "node", "node_modules", "lightweight-charts");

    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");
    private static final Map<String, String> LIBRARY_FILES = Map.of(
            "/vendor/lightweight-charts.standalone.production.js", "dist/lightweight-charts.standalone.production.js",
            "/vendor/lightweight-charts.LICENSE.txt", "LICENSE");

    /** Each open stream costs a Query of the trades table every 250 ms. */
    private static final int MAX_STREAMS = 32;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Lake lake;
    private final Health.Source health;
    private final LiveFeed live;
    private final Path chartLibrary;

    private DashboardServer(HttpServer server, Lake lake, Health.Source health, Path chartLibrary) {
        this.server = server;
        this.lake = lake;
        this.health = health;
        this.chartLibrary = chartLibrary;
        this.live = new LiveFeed(lake);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Serves on {@code address} (port 0: any free port). Throws {@link UncheckedIOException} when
     * the address cannot be bound, for instance because the port is taken.
     */
    public static DashboardServer start(InetSocketAddress address, Lake lake, Health.Source health) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the dashboard on " + address.getHostString() + ":" + address.getPort() + ": "
                            + e.getMessage(),
                    e);
        }
        DashboardServer dashboard =
                new DashboardServer(server, lake, health, ProjectHome.get().resolve(CHART_LIBRARY));
        server.start();
        return dashboard;
    }

    /** Where the page is: {@code http://127.0.0.1:8765/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        try {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET is served\n");
                return;
            }
            switch (path) {
                case "/api/symbols" -> {
                    ApiParams.none(query);
                    sendJson(exchange, DashboardJson.strings(lake.symbols()));
                }
                case "/api/windows" -> {
                    ApiParams.none(query);
                    sendJson(exchange, DashboardJson.windows());
                }
                case "/api/bars" -> {
                    ApiParams.Bars p = ApiParams.bars(query);
                    sendJson(
                            exchange,
                            DashboardJson.bars(lake.bars(p.symbol(), p.windowMs(), p.fromMs(), p.toMs(), p.limit())));
                }
                case "/api/trades" -> {
                    ApiParams.Trades p = ApiParams.trades(query);
                    sendJson(
                            exchange,
                            DashboardJson.trades(lake.latestTrades(p.symbol(), p.fromMs(), p.toMs(), p.limit())));
                }
                case "/api/health" -> {
                    ApiParams.none(query);
                    sendJson(exchange, DashboardJson.health(health.health()));
                }
                case "/api/stream" -> stream(exchange, ApiParams.stream(query));
                default -> serveFile(exchange, path);
            }
        } catch (BadRequest | BarReader.NotBuildable e) {
            send(exchange, 400, "text/plain", e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not answer {}: {}", path, e.toString());
            send(exchange, 500, "text/plain", "the lake could not be read: " + oneLine(e.getMessage()) + "\n");
        }
    }

    private void stream(HttpExchange exchange, ApiParams.Stream p) throws IOException {
        if (live.openStreams() >= MAX_STREAMS) {
            send(exchange, 503, "text/plain", "too many live streams open (" + MAX_STREAMS + ")\n");
            return;
        }
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, 0);
        try {
            // Left open: the live feed writes to it until the page goes away or the server stops.
            live.open(p.symbol(), p.windowMs(), exchange.getResponseBody());
        } catch (RuntimeException e) {
            // The status is sent already; the page's EventSource reconnects by itself.
            LOG.debug("Could not start the live stream of {}", p.symbol(), e);
            exchange.close();
        }
    }

    private void serveFile(HttpExchange exchange, String path) throws IOException {
        String page = PAGE_FILES.get(path);
        if (page != null) {
            try (InputStream in = DashboardServer.class.getResourceAsStream(WEB + page)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard's " + page + " is missing from the classpath");
                }
                send(exchange, 200, contentType(page), in.readAllBytes());
            }
            return;
        }
        String library = LIBRARY_FILES.get(path);
        if (library != null) {
            Path file = chartLibrary.resolve(library);
            if (!Files.isRegularFile(file)) {
                send(
                        exchange,
                        404,
                        "text/plain",
                        "the chart library is not installed: run "
                                + "(cd local-services/node && npm ci), or any ./datalake command, once\n");
                return;
            }
            send(exchange, 200, contentType(library), Files.readAllBytes(file));
            return;
        }
        send(exchange, 404, "text/plain", "not found\n");
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }

    private static void sendJson(HttpExchange exchange, String json) throws IOException {
        send(exchange, 200, "application/json", json);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(
                exchange,
                status,
                type.contains("charset") ? type : type + "; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static String oneLine(String text) {
        return text == null
                ? "unknown error"
                : text.lines().findFirst().orElse("").trim();
    }

    /** Live streams open now (for tests and the bench). */
    public int openStreams() {
        return live.openStreams();
    }

    @Override
    public void close() {
        live.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
