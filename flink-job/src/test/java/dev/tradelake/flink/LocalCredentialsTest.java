package dev.tradelake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.junit.jupiter.api.Test;

class LocalCredentialsTest {

    @Test
    void emulatorsOnThisMachineGetStaticCredentials() {
        for (String endpoint : new String[] {"http://127.0.0.1:4567", "http://localhost:8000", "http://[::1]:4567"}) {
            Properties p = new Properties();
            LocalCredentials.applyIfLocal(p, URI.create(endpoint));
            assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER))
                    .as(endpoint)
                    .isEqualTo("BASIC");
        }
    }

    @Test
    void anyOtherEndpointKeepsTheDefaultCredentialChain() {
        Properties p = new Properties();
        LocalCredentials.applyIfLocal(p, URI.create("https://vpce-0abc.kinesis.us-east-1.vpce.amazonaws.com"));
        assertThat(p).isEmpty();
    }
}
