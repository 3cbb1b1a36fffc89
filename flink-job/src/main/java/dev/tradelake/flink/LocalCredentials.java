package dev.tradelake.flink;

import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;

/**
 * Static credentials for the local emulators, which accept any: an endpoint override is only
 * used against them, and AWS itself is reached through the default credential chain.
 */
final class LocalCredentials {
    static final String ACCESS_KEY = "local";
    static final String SECRET_KEY = "local";

    private LocalCredentials() {
    }

    static void apply(Properties p) {
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, AWSConfigConstants.CredentialProvider.BASIC.name());
        p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), ACCESS_KEY);
        p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), SECRET_KEY);
    }
}
