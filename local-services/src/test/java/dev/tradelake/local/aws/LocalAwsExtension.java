package dev.tradelake.local.aws;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test a running {@link LocalAws}.
 *
 * <pre>
 * &#64;ExtendWith(LocalAwsExtension.class)
 * class MyITCase {
 *     &#64;Test void stores(LocalAws aws) { String table = LocalAws.uniqueName("trades"); aws.createTradesTable(table); ... }
 * }
 * </pre>
 *
 * The emulators start once per test JVM (about 0.3 s) and stop when it ends; tests isolate
 * themselves with {@link LocalAws#uniqueName}. Logs are kept in {@code target/emulator-logs}.
 */
public final class LocalAwsExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(LocalAwsExtension.class))
                .getOrComputeIfAbsent(Resource.class, k -> new Resource(), Resource.class)
                .aws;
    }

    /** Closed by JUnit when the root context closes, at the end of the test run. */
    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        final LocalAws aws = LocalAws.start(Path.of("target", "emulator-logs"));

        @Override
        public void close() {
            aws.close();
        }
    }
}
