package dev.tradelake.flink;

import dev.tradelake.model.Endpoints;
import java.net.URI;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;

/**
 * Static credentials for the local emulators, which accept any. Only an endpoint on this machine
 * gets them: an override pointing elsewhere (a VPC endpoint, say) keeps the default credential
 * chain, as AWS itself does.
 */
final class LocalCredentials {
    static final String ACCESS_KEY = Endpoints.EMULATOR_CREDENTIAL;
    static final String SECRET_KEY = Endpoints.EMULATOR_CREDENTIAL;

    private LocalCredentials() {}

    /**
     * Sets the emulators' credentials in {@code p} when {@code endpoint} is on this machine, and JSON
     * for this JVM's clients (a local run's task managers are this JVM).
     */
    static void applyIfLocal(Properties p, URI endpoint) {
        if (Endpoints.isOnThisMachine(endpoint)) {
            apply(p);
            Endpoints.useJsonForEmulators();
        }
    }

    private static void apply(Properties p) {
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, AWSConfigConstants.CredentialProvider.BASIC.name());
        p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), ACCESS_KEY);
        p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), SECRET_KEY);
    }
}
