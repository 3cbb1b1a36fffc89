package dev.tradelake.ingest;

import dev.tradelake.model.Endpoints;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the Kinesis client the ingest uses when it is not given one. */
final class KinesisClients {

    private KinesisClients() {}

    /**
     * On AWS: the SDK's default credentials and region chains (a region set in the config wins).
     * With an endpoint on this machine (an emulator): region us-east-1 unless set, placeholder
     * credentials and JSON instead of CBOR ({@link Endpoints}).
     */
    static KinesisClient create(IngestConfig config) {
        KinesisClientBuilder builder = KinesisClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)));
        config.region().ifPresent(r -> builder.region(Region.of(r)));
        if (config.kinesisEndpoint().isPresent()) {
            URI endpoint = config.kinesisEndpoint().get();
            builder.endpointOverride(endpoint);
            if (config.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
            if (Endpoints.isOnThisMachine(endpoint)) {
                Endpoints.useJsonForEmulators();
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(Endpoints.EMULATOR_CREDENTIAL, Endpoints.EMULATOR_CREDENTIAL)));
            }
        }
        return builder.build();
    }
}
